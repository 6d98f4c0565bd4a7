// Reads Mermaid text on stdin and parses it with Mermaid's own parser: exit 0 and the diagram
// type on stdout when it parses, exit 1 and the parser's message on stderr when it does not.
// Mermaid's sanitizer wants a DOM, so jsdom provides one; nothing is rendered.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let text = '';
for await (const chunk of process.stdin) {
  text += chunk;
}
try {
  const result = await mermaid.parse(text);
  console.log(result.diagramType);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
