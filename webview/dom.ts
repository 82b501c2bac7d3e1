// The only way the panel builds DOM. Report strings come from user code (function names, error
// messages, file paths, console output), so they only ever become text nodes: no innerHTML, no
// inline handlers, no style attributes in markup (the CSP blocks those; CSSOM is used instead).

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined>;

const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|href$|src$|formaction$)/i;

/** createElement with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (FORBIDDEN_ATTR.test(name)) throw new Error(`h(): attribute ${name} is not allowed`);
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

/** A <button type="button"> with a click listener (never an inline handler). */
export function button(label: Child, onClick: (ev: MouseEvent) => void, attrs?: Attrs): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', onClick);
  return el;
}

/** Long text from user code (a 1 MB message) is cut so the panel stays responsive. */
export function clip(text: string, max = 4000): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters not shown)`;
}

/** Text for screen readers only (the panel's charts have text equivalents). */
export function srOnly(...children: Child[]): HTMLSpanElement {
  return h('span', { class: 'pp-sr-only' }, ...children);
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}
