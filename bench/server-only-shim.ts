// Benches import lib/*, whose modules start with `import "server-only"` (it throws outside React
// Server Components). Resolve just that module to an empty one, as the tests' alias does. Import
// this first and load lib/* with dynamic imports after it.
import { register } from "node:module";

const hooks = `export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,export{}", shortCircuit: true } : n(s, c); }`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
