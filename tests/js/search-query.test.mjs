// The search page's pure logic (theme/static/js/search-query.js): the "đ"
// variants of a query and the ranking of the merged Pagefind results.
// Run with `node --test tests/js/` (tests/test_search_js.py does, under pytest).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const SOURCE = new URL("../../theme/static/js/search-query.js", import.meta.url);
const Q = require(SOURCE.pathname);

// An index that holds exactly `words` (compared in lower case, as the page's
// cache does), recording every form it is asked about.
function index(...words) {
  const held = new Set(words.map((w) => w.toLocaleLowerCase("vi")));
  const asked = [];
  const occurs = (form) => {
    asked.push(form);
    return Promise.resolve(held.has(form.toLocaleLowerCase("vi")));
  };
  return { occurs, asked };
}

// A Pagefind response: results with an id, a score and data() giving a date.
function response(...results) {
  return {
    results: results.map(([id, score, datetime]) => ({
      id,
      score,
      data: () => Promise.resolve({ url: `/${id}.html`, meta: { datetime } }),
    })),
  };
}

async function ids(ranking, n = 100) {
  return (await ranking.next(n)).map((entry) => entry.id);
}

test("loads as a plain browser script, defining window.PortalSearchQuery", () => {
  const window = {};
  window.self = window;
  vm.runInNewContext(readFileSync(SOURCE, "utf-8"), window);
  assert.equal(typeof window.PortalSearchQuery.variants, "function");
  // Spread: an array made in another realm is never deep-equal to one of ours.
  assert.deepEqual([...window.PortalSearchQuery.forms("duong")], ["duong", "đuong"]);
});

test("normalise trims and collapses white space", () => {
  assert.equal(Q.normalise("  Hai \t  Phong\n"), "Hai Phong");
  assert.equal(Q.normalise("   "), "");
  assert.equal(Q.normalise(undefined), "");
});

test("hasDiacritics is true for any mark or đ, false for plain ASCII", () => {
  assert.equal(Q.hasDiacritics("duong"), false);
  assert.equal(Q.hasDiacritics("Hai Phong"), false);
  assert.equal(Q.hasDiacritics("đuong"), true);
  assert.equal(Q.hasDiacritics("phòng"), true);
});

test("duong: tried as itself, then with đ", async () => {
  assert.deepEqual(Q.forms("duong"), ["duong", "đuong"]);
  const { occurs, asked } = index("đuong");
  assert.deepEqual(await Q.variants("duong", occurs), ["duong", "đuong"]);
  assert.deepEqual(asked, ["đuong"]);
});

test("a form that is not in the index makes no variant", async () => {
  assert.deepEqual(await Q.variants("duong", index().occurs), ["duong"]);
});

test("the word-initial d becomes đ first, then fewer replacements first", () => {
  assert.deepEqual(Q.forms("dud"), ["dud", "đud", "đuđ", "duđ"]);
  assert.deepEqual(Q.forms("adda"), ["adda", "ađda", "adđa", "ađđa"]);
});

test("a word's forms are bounded however many d it has", () => {
  // Only three "d" of a word are considered: with all 22, the 4 million
  // combinations would take seconds to sort.
  const started = Date.now();
  const forms = Q.forms("d".repeat(22));
  assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
  assert.equal(forms.length, Q.MAX_FORMS);
  assert.equal(new Set(forms).size, forms.length);
  // Only the first three "d" may change.
  for (const form of forms) assert.equal(form.slice(3), "d".repeat(19));
});

test("Dang uy: a capital D becomes Đ, the other word is kept", async () => {
  assert.deepEqual(Q.forms("Dang"), ["Dang", "Đang"]);
  assert.deepEqual(await Q.variants("Dang uy", index("đang").occurs), ["Dang uy", "Đang uy"]);
});

test("mixed case keeps each letter's case", async () => {
  assert.deepEqual(Q.forms("DUONG"), ["DUONG", "ĐUONG"]);
  assert.deepEqual(Q.forms("dD"), ["dD", "đD", "đĐ", "dĐ"]);
  assert.deepEqual(await Q.variants("DuOnG", index("đuong").occurs), ["DuOnG", "ĐuOnG"]);
});

test("Hai Phong: no d, no variant and no look-up", async () => {
  const { occurs, asked } = index("hai", "phong");
  assert.deepEqual(await Q.variants("Hai Phong", occurs), ["Hai Phong"]);
  assert.deepEqual(asked, []);
});

test("a query already typed with đ is searched as typed", async () => {
  const { occurs, asked } = index("đường");
  assert.deepEqual(await Q.variants("đường", occurs), ["đường"]);
  assert.deepEqual(asked, []);
});

test("an empty or blank query has no searches", async () => {
  const { occurs, asked } = index("đuong");
  assert.deepEqual(await Q.variants("", occurs), []);
  assert.deepEqual(await Q.variants(" \t ", occurs), []);
  assert.deepEqual(asked, []);
});

test("the query as typed comes first, then fewest changed words first", async () => {
  const variants = await Q.variants("do dai", index("đo", "đai").occurs);
  assert.deepEqual(variants, ["do dai", "do đai", "đo dai", "đo đai"]);
});

test("white space in the query does not change its variants", async () => {
  assert.deepEqual(await Q.variants("  duong \n", index("đuong").occurs), ["duong", "đuong"]);
});

test("a very long query has a bounded number of searches", async () => {
  const words = Array.from({ length: 40 }, (_, i) => `dad${i}`);
  const query = words.join(" ");
  const { occurs, asked } = index(...words.flatMap((w) => Q.forms(w)));
  const variants = await Q.variants(query, occurs);
  assert.equal(variants.length, Q.MAX_SEARCHES);
  assert.equal(variants[0], query);
  assert.equal(new Set(variants).size, variants.length);
  // Every variant changes one word only: the fewest changes come first.
  for (const variant of variants.slice(1)) {
    const changed = variant.split(" ").filter((w, i) => w !== words[i]);
    assert.equal(changed.length, 1, variant);
  }
  assert.ok(asked.length <= words.length * (Q.MAX_FORMS - 1), `${asked.length} look-ups`);
});

test("typed with diacritics: the exact word's pages come first", async () => {
  const ranking = Q.rank(
    ["đường", "đuong"],
    [response(["exact", 1]), response(["variant", 5], ["exact", 3])],
    false,
  );
  assert.equal(ranking.total, 2);
  assert.deepEqual(await ids(ranking), ["exact", "variant"]);
});

test("typed without diacritics: all pages ranked by their best score", async () => {
  const ranking = Q.rank(
    ["duong", "đuong"],
    [response(["plain", 1], ["both", 2]), response(["stroke", 5], ["both", 3])],
    false,
  );
  assert.equal(ranking.total, 3);
  assert.deepEqual(await ids(ranking), ["stroke", "both", "plain"]);
});

test("a page found by several searches keeps its best score and that search's excerpt", () => {
  const first = response(["page", 1]);
  const second = response(["page", 4]);
  const { pages } = Q.merge(["duong", "đuong"], [first, second]);
  assert.equal(pages.size, 1);
  assert.equal(pages.get("page").score, 4);
  assert.equal(pages.get("page").result, second.results[0]);
});

test("results are handed out in batches", async () => {
  const ranking = Q.rank(["a"], [response(["a", 3], ["b", 2], ["c", 1])], false);
  assert.deepEqual(await ids(ranking, 2), ["a", "b"]);
  assert.deepEqual(await ids(ranking, 2), ["c"]);
  assert.deepEqual(await ids(ranking, 2), []);
});

test("newest first: lists merged by date, each page once", async () => {
  const ranking = Q.rank(
    ["duong", "đuong"],
    [
      response(["b", 1, "2024-05-01"], ["c", 1, "2021-01-01"]),
      response(["a", 1, "2026-01-01"], ["b", 1, "2024-05-01"], ["d", 1, "2023-03-03"]),
    ],
    true,
  );
  assert.equal(ranking.total, 4);
  assert.deepEqual(await ids(ranking, 3), ["a", "b", "d"]);
  assert.deepEqual(await ids(ranking, 3), ["c"]);
});

test("a missing response counts as no results", async () => {
  const ranking = Q.rank(["duong", "đuong"], [null, response(["a", 1])], false);
  assert.deepEqual(await ids(ranking), ["a"]);
});

test("filter values: years newest first, sections in menu order, others after", () => {
  assert.deepEqual(Q.orderValues("nam", ["2021", "2026", "2023"], []), ["2026", "2023", "2021"]);
  const sections = ["Thời sự", "Kinh tế", "Y tế"];
  assert.deepEqual(
    Q.orderValues("chuyen_muc", ["Y tế", "Văn hóa", "Thời sự", "An ninh"], sections),
    ["Thời sự", "Y tế", "An ninh", "Văn hóa"],
  );
  // The menu order is for sections only; other filters are alphabetical, in Vietnamese.
  assert.deepEqual(Q.orderValues("phong_trao", ["Đổi mới", "Dân vận", "Mục tiêu kép"], ["Mục tiêu kép"]), [
    "Dân vận",
    "Đổi mới",
    "Mục tiêu kép",
  ]);
});

test("the status line says how many, for what and with which filters", () => {
  assert.equal(Q.describe(1234, "duong", {}), "1.234 kết quả cho “duong”");
  assert.equal(
    Q.describe(2, "duong", { nam: "2024", chuyen_muc: "Giao thông" }),
    "2 kết quả cho “duong” (chuyên mục Giao thông, năm 2024)",
  );
  assert.equal(Q.describe(0, "xyz", {}), "Không tìm thấy kết quả nào cho “xyz”.");
  assert.equal(Q.describe(3, "", { loai_van_ban: "Kế hoạch" }), "3 bài viết thuộc loại văn bản Kế hoạch");
  assert.equal(Q.describe(0, "", { nam: "2020" }), "Không có bài viết nào thuộc năm 2020.");
});
