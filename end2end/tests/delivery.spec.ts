// What the browser downloads: the production bundle (scripts/test.sh runs the journeys against
// the release build) is small, cut into page groups, sent compressed as it was made at build
// time, in a content-hashed folder the browser keeps, so a second page loads it from the cache.
import { expect, test, Page, Response, TestInfo } from "@playwright/test";
import { open, signIn, withJs } from "./support";
import { get } from "node:http";

// The target: a first visit downloads at most 400 KB of bundle, compressed.
const BUNDLE_LIMIT = 400 * 1024;
const HASHED = /^\/pkg\/[0-9a-f]{16}\//;

/** Bytes on the wire of `path` as a browser on https (which asks for brotli) receives it: read
 * raw, without decoding, so the count is what travels. Chromium asks for brotli on secure
 * origins only, and the tests run over plain http, where it takes the larger gzip copy. */
function brotliBytes(baseURL: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(new URL(path, baseURL), { headers: { "accept-encoding": "br" } }, (res) => {
      expect(res.headers["content-encoding"], path).toBe("br");
      let n = 0;
      res.on("data", (chunk: Buffer) => (n += chunk.length));
      res.on("end", () => resolve(n));
      res.on("error", reject);
    }).on("error", reject);
  });
}

/** Opens `path`; returns every bundle file the browser received and their bytes as brotli. */
async function firstVisit(page: Page, info: TestInfo, path: string, baseURL: string) {
  const bundle: Response[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/pkg/")) bundle.push(r);
  });
  await open(page, info, path);
  let compressed = 0;
  for (const response of bundle) {
    expect(response.status(), response.url()).toBe(200);
    const headers = await response.allHeaders();
    expect(["br", "gzip"], response.url()).toContain(headers["content-encoding"]);
    expect(headers["cache-control"], response.url()).toBe("public, max-age=31536000, immutable");
    compressed += await brotliBytes(baseURL, new URL(response.url()).pathname);
  }
  return { names: bundle.map((r) => new URL(r.url()).pathname), compressed };
}

test("the bundle is small, precompressed, content-hashed and cached", async ({ page, baseURL }, info) => {
  const { names, compressed } = await firstVisit(page, info, "/", baseURL!);
  // The stylesheet is on every page, with or without JavaScript.
  expect(names.some((n) => HASHED.test(n) && n.endsWith("/lab2field.css")), names.join()).toBe(true);
  expect(names.every((n) => HASHED.test(n)), names.join()).toBe(true);
  if (withJs(info)) {
    for (const file of ["lab2field.js", "lab2field.wasm", "__wasm_split.______________________.js"]) {
      expect(names.some((n) => n.endsWith(`/${file}`)), names.join()).toBe(true);
    }
    // The start page's own group came as a split chunk, besides the main module.
    expect(names.filter((n) => n.endsWith(".wasm")).length, names.join()).toBeGreaterThan(1);
    // Each file once.
    expect(new Set(names).size, names.join()).toBe(names.length);
  }
  console.log(`bundle on the wire (brotli): ${names.length} files, ${(compressed / 1024).toFixed(0)} KB`);
  expect(compressed, "bytes of the bundle on the wire").toBeLessThanOrEqual(BUNDLE_LIMIT);

  // The next page takes every file it shares with the first from the browser's cache without
  // asking the server again (a revalidation would show as a 304 from the network).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const fromCache = new Set<string>();
  const fromNetwork: string[] = [];
  cdp.on("Network.requestServedFromCache", (e) => fromCache.add(e.requestId));
  cdp.on("Network.responseReceived", (e) => {
    const path = new URL(e.response.url).pathname;
    if (!names.includes(path)) return;
    if (!e.response.fromDiskCache && !e.response.fromPrefetchCache && !fromCache.has(e.requestId)) {
      fromNetwork.push(`${e.response.url} ${e.response.status}`);
    }
  });
  await open(page, info, "/opportunities");
  expect(fromNetwork, "bundle files fetched again from the server").toEqual([]);
});

test("the page's chunks are named in its response, so they load beside the main module", async ({ page }, info) => {
  test.skip(!withJs(info), "chunks are loaded by the hydrating app");
  const chunksOf = async (path: string) => {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const link = response.headers()["link"] ?? "";
    return [...link.matchAll(/<(\/pkg\/[0-9a-f]{16}\/[^>]+\.wasm)>; rel=preload; as=fetch/g)].map((m) => m[1]);
  };
  // Every time (Leptos's own preload tags went missing on some requests).
  const signIn = await chunksOf("/signin");
  expect(signIn.length, "the sign-in page preloads its group's chunks").toBeGreaterThan(1);
  for (let i = 0; i < 10; i++) expect(await chunksOf("/signin")).toEqual(signIn);
  // Pages of one group name the same chunks.
  expect(await chunksOf("/opportunities")).toEqual(signIn);
  expect(await chunksOf("/forgot-password")).toEqual(signIn);
  // Every chunk named is there, and a browser that loaded the page fetched only named chunks
  // besides the main module.
  for (const chunk of signIn) expect((await page.request.get(chunk)).status(), chunk).toBe(200);
  const fetched: string[] = [];
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) fetched.push(path);
  });
  await open(page, info, "/signin");
  for (const path of fetched) {
    if (!path.endsWith("/lab2field.wasm")) expect(signIn, path).toContain(path);
  }
});

test("every page group stays within the limit on a first visit", async ({ browser, baseURL }, info) => {
  test.skip(!withJs(info), "without JavaScript only the stylesheet is downloaded");
  // One page per group, as the person who uses it; each visit in a fresh browser context with
  // that person's session and nothing cached. `null` path: the founder's first technology.
  const visits: [string | null, string | null][] = [
    ["/opportunities", null],
    ["/company", "founder@demo.lab2field.eu"],
    [null, "founder@demo.lab2field.eu"],
    ["/search", "officer@demo.lab2field.eu"],
    ["/programmes", "officer@demo.lab2field.eu"],
    ["/deals", "investor@demo.lab2field.eu"],
    ["/pipelines", "investor@demo.lab2field.eu"],
  ];
  for (const [wanted, email] of visits) {
    let path = wanted;
    let storageState = undefined;
    if (email) {
      const signingIn = await browser.newContext({ baseURL });
      const page = await signingIn.newPage();
      await signIn(page, info, email);
      if (path === null) {
        await open(page, info, "/technologies");
        const links = await page.locator('a[href^="/technologies/"]').evaluateAll((as) =>
          as.map((a) => a.getAttribute("href") ?? "").filter((h) => /^\/technologies\/\d+$/.test(h)),
        );
        expect(links.length, "the demo founder has technologies").toBeGreaterThan(0);
        path = links[0];
      }
      storageState = await signingIn.storageState();
      await signingIn.close();
    }
    const context = await browser.newContext({ baseURL, storageState });
    const page = await context.newPage();
    const { names, compressed } = await firstVisit(page, info, path!, baseURL!);
    expect(new URL(page.url()).pathname, "the visit stayed on its page").toBe(path);
    console.log(`${path}: ${names.length} files, ${(compressed / 1024).toFixed(0)} KB`);
    expect(compressed, `bytes of the bundle on the wire for ${path}`).toBeLessThanOrEqual(BUNDLE_LIMIT);
    await context.close();
  }
});
