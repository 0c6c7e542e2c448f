"use client";

import { useEffect, useState, type ComponentType } from "react";

export type LazyPart<P> = ComponentType<P> & { preload: () => Promise<ComponentType<P>> };

/**
 * A part of a page that only shows after someone asks for it (a dialog, a menu's panel), kept out
 * of the page's first-load JavaScript. Its code loads the first time it is shown, or before that
 * with preloadWhenIdle; once loaded it renders at once, with no Suspense fallback in between, so
 * that focus lands where the part puts it. Until then, and if it cannot load (offline, never
 * fetched while online), `Placeholder` shows, with the part's props; a later showing tries again
 * (Turbopack's loader may keep a chunk that failed as failed until the page is loaded again).
 *
 * Not for what the server renders: the server shows the placeholder.
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, Placeholder: ComponentType<P & { failed: boolean }>): LazyPart<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () => {
    loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };

  function Part(props: P) {
    const [Component, setComponent] = useState(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      preload().then(
        (component) => live && setComponent(() => component),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [Component]);
    return Component ? <Component {...props} /> : <Placeholder {...props} failed={failed} />;
  }
  return Object.assign(Part, { preload });
}

/**
 * Loads these parts once the page is idle after hydration: the first use finds them ready, and the
 * service worker keeps their files (it keeps what is fetched) for when the app is offline.
 */
export function usePreloadWhenIdle(parts: readonly { preload: () => Promise<unknown> }[]) {
  useEffect(() => {
    // Not while offline: a chunk that failed to load could stay failed for this page's life.
    const load = () => navigator.onLine && parts.forEach((part) => void part.preload().catch(() => {}));
    // Safari has no requestIdleCallback.
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(load, { timeout: 5000 });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(load, 1000);
    return () => clearTimeout(timer);
  }, [parts]);
}

/** The placeholder of a part: "Loading…", or why it is not there when it could not load. */
export function PartLoading({ failed, className = "p-2 text-sm text-zinc-500" }: { failed: boolean; className?: string }) {
  return (
    <p role={failed ? "alert" : undefined} className={className}>
      {failed ? "Could not load this part of the app. Check the connection and try again." : "Loading…"}
    </p>
  );
}
