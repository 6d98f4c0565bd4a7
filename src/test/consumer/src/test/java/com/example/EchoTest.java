package com.example;

import dev.nslab.api.Lab;
import dev.nslab.junit.NetnsLab;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

@NetnsLab("echo.netns.groovy")
class EchoTest {
    @Test
    void aClientInOneNamespaceGetsItsLineBackFromAServerInTheOther(Lab lab) throws Exception {
        try (ServerSocket server = lab.call("server", () -> new ServerSocket(7000, 5, InetAddress.getByName("10.0.0.1")))) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
                    new PrintWriter(s.getOutputStream(), true).println("echo:" + line);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            echo.start();
            String reply = lab.call("client", () -> {
                try (Socket s = new Socket("10.0.0.1", 7000)) {
                    new PrintWriter(s.getOutputStream(), true).println("junit");
                    return new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
                }
            });
            echo.join(5000);
            assertEquals("echo:junit", reply);
            System.out.println("JUNIT-ECHO " + reply);
        }
    }
}
