// esbuild bundles .css imports as text (see scripts/build-widget.mjs); the widget adopts them in its shadow root.
declare module '*.css' {
  const css: string;
  export default css;
}
