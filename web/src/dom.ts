/** What `h` accepts as a child: nodes, text, and nothing (null, undefined, false) to leave out. */
export type Child = Node | string | null | undefined | false;

type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'style'>> & {
  /** Attributes set with setAttribute (aria-*, data-*, for …). */
  attrs?: Record<string, string | number | boolean | undefined>;
};

/** Creates an element with properties, attributes and children; text children become text nodes (never HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { attrs, ...rest } = props;
  Object.assign(element, rest);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

let nextId = 0;
/** A unique id for label/describedby pairs. */
export const uid = (prefix: string) => `${prefix}-${++nextId}`;

/** Replaces the main region's content and moves focus to its heading, so screen readers announce the new screen. */
export function show(...children: Child[]): void {
  const main = document.getElementById('main');
  if (!main) return;
  main.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}
