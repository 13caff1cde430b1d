/**
 * The CDN invalidation list for a publish: the changed and deleted paths, as "/feed.xml". New
 * paths are left out (nothing cached them, apart from a short-lived cached 404). An `index.html`
 * also invalidates its folder URL ("/sections/world/"). When the list is long it is collapsed:
 *
 * 1. up to `maxPaths` (default 20) paths: listed one by one;
 * 2. otherwise every top-level folder with two or more entries becomes "/<folder>/*"
 *    (e.g. "/articles/*", "/sections/*"), root files stay listed;
 * 3. if that is still more than `maxPaths`: ["/*"].
 *
 * CloudFront bills wildcards as one path each, and limits in-flight wildcard invalidations, so a
 * handful of entries is the target.
 */

export interface InvalidationOptions {
  maxPaths?: number;
}

export function invalidationPathsFor(paths: Iterable<string>, options: InvalidationOptions = {}): string[] {
  const maxPaths = options.maxPaths ?? 20;
  const urls = new Set<string>();
  for (const path of paths) {
    urls.add(`/${path}`);
    if (path === "index.html") urls.add("/");
    else if (path.endsWith("/index.html")) urls.add(`/${path.slice(0, -"index.html".length)}`);
  }
  const all = [...urls].sort();
  if (all.length <= maxPaths) return all;
  const byFolder = new Map<string, string[]>();
  for (const url of all) {
    const slash = url.indexOf("/", 1);
    const key = slash === -1 ? url : url.slice(0, slash + 1);
    byFolder.set(key, [...(byFolder.get(key) ?? []), url]);
  }
  const collapsed: string[] = [];
  for (const [key, members] of byFolder) {
    if (key.endsWith("/") && members.length > 1) collapsed.push(`${key}*`);
    else collapsed.push(...members);
  }
  collapsed.sort();
  return collapsed.length <= maxPaths ? collapsed : ["/*"];
}
