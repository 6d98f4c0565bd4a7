#!/usr/bin/env python3
"""bench/timeline.py LABEL COMMAND... : runs COMMAND (an `nslab -v ...`), and prints one line:
LABEL, then `step=MS;` for each of its -v phase lines (milliseconds since the start, as the line
arrived), `cpu=MS;` (user + system time of the command and its children) and `exit=MS;`.
bench/cold-up runs it for each cold `up` and hands the lines to `timeline.py --medians`.

bench/timeline.py --medians < LINES : per label, the median of each step's own time (since the
step before it), of the CPU time and of the whole wall time, as a table.
"""
import collections
import re
import resource
import statistics
import subprocess
import sys
import time

# "nslab: DEBUG up: links created: 245 ms" -> "links created"
STEP = re.compile(r'^nslab: DEBUG (?:up: )?(.+?)(?: from \S+)?: \d+ ms$')


def run(label, command):
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    fields = [label]
    for line in proc.stderr:
        m = STEP.match(line.rstrip())
        if not m:
            continue
        step = re.sub(r'^planned \d+ changes?$', 'planned', m.group(1))
        if ' from ' in line:
            step = 'compiled script read from its cache'
        elif step == 'script loaded':
            continue  # the sum of the script's steps
        fields.append('%s=%d;' % (step, (time.monotonic() - start) * 1000))
    proc.wait()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    fields.append('cpu=%d;' % ((used.ru_utime + used.ru_stime) * 1000))
    fields.append('exit=%d;' % ((time.monotonic() - start) * 1000))
    print(fields[0] + ' ' + ''.join(fields[1:]), flush=True)
    return proc.returncode


def medians(lines):
    steps = collections.defaultdict(lambda: collections.defaultdict(list))
    order = []  # the steps in the order they ran, from the run that had the most of them
    for line in lines:
        label, rest = line.rstrip('\n').split(' ', 1)
        fields = list(filter(None, rest.split(';')))
        names = [f.rsplit('=', 1)[0] for f in fields if not f.startswith(('cpu=', 'exit='))]
        if len(names) > len(order):
            order = names
        previous = 0
        for field in fields:
            step, ms = field.rsplit('=', 1)
            ms = int(ms)
            if step == 'cpu':
                steps[label][step].append(ms)
            else:
                steps[label][step].append(ms - previous)
                previous = ms
        steps[label]['whole up (wall)'].append(previous)
    labels = list(steps)
    order += [s for l in labels for s in steps[l] if s not in order and s not in ('cpu', 'exit', 'whole up (wall)')]
    order += ['exit', 'whole up (wall)', 'cpu']
    print('%-40s' % 'median ms (each step: since the one before)' + ''.join('%12s' % l for l in labels))
    for step in order:
        cells = ''.join('%12.0f' % statistics.median(steps[l][step]) if steps[l][step] else '%12s' % '-'
                        for l in labels)
        print('%-40s' % ('to the exit' if step == 'exit' else step) + cells)
    print('runs: ' + ', '.join('%s %d' % (l, len(steps[l]['whole up (wall)'])) for l in labels))


if __name__ == '__main__':
    if sys.argv[1:2] == ['--medians']:
        medians([l for l in sys.stdin if l.strip()])
    else:
        sys.exit(run(sys.argv[1], sys.argv[2:]))
