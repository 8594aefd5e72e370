/** Path navigation without page loads; main.ts registers what renders the current path. */
let renderer: () => Promise<void> = async () => undefined;
/** The render in progress (or the last one), and whether another is already waiting behind it. */
let rendering: Promise<void> = Promise.resolve();
let waiting = false;

export const onNavigate = (render: () => Promise<void>) => {
  renderer = render;
};

/**
 * Renders the current path once the render in progress, if any, has finished. A screen still
 * loading when the user moves on shows first and is then covered by the one asked for last, never
 * the other way round (its late answer drawing the old screen over the new one). Moves made while
 * one render waits share it: it reads the path when it starts.
 */
export function renderCurrent(): Promise<void> {
  if (waiting) return rendering;
  waiting = true;
  rendering = rendering
    .then(() => {
      waiting = false;
      return renderer();
    })
    .catch((error: unknown) => {
      waiting = false;
      console.error(error);
    });
  return rendering;
}

/** Goes to `path` (pushing it on the history) and renders it. */
export function go(path: string): void {
  history.pushState(null, '', path);
  void renderCurrent();
}
