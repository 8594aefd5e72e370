/** Path navigation without page loads; main.ts registers what renders the current path. */
let renderer: () => Promise<void> = async () => undefined;

export const onNavigate = (render: () => Promise<void>) => {
  renderer = render;
};

/** Goes to `path` (pushing it on the history) and renders it. */
export function go(path: string): void {
  history.pushState(null, '', path);
  void renderer();
}
