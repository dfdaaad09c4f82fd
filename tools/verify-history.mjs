#!/usr/bin/env node
// Verifies the history chains (docs/history-chain.md) of change sets in their
// JSON form, written from the document alone, without Kura's code: the
// independent check that the documented byte form is the one Kura hashes
// (core/tests/history_chain_cross_check.rs runs it).
//
//   node tools/verify-history.mjs <file>
//
// <file>: a JSON array of change sets (a change-log chunk of Kura's first
// format), or one change set per line (the log's rows). Prints one line per
// device and per problem; exits 0 when every chain is whole, 1 otherwise,
// 2 when the file cannot be read.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

// A JSON parser that keeps what the canonical form needs exactly: numbers as
// their source text (JavaScript's numbers would round integers beyond 2^53),
// objects as lists of [name, value] (sorted when written).
function parse(text) {
  let at = 0;
  const fail = (why) => {
    throw new Error(`${why} at ${at}`);
  };
  const space = () => {
    while (at < text.length && " \t\r\n".includes(text[at])) at++;
  };
  const value = () => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const members = [];
      space();
      if (text[at] === "}") return at++, { object: members };
      for (;;) {
        space();
        const name = string();
        space();
        if (text[at++] !== ":") fail("':' expected");
        members.push([name, value()]);
        space();
        const next = text[at++];
        if (next === "}") return { object: members };
        if (next !== ",") fail("',' or '}' expected");
      }
    }
    if (c === "[") {
      at++;
      const items = [];
      space();
      if (text[at] === "]") return at++, items;
      for (;;) {
        items.push(value());
        space();
        const next = text[at++];
        if (next === "]") return items;
        if (next !== ",") fail("',' or ']' expected");
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)/.exec(text.slice(at, at + 400));
    if (!literal) fail("a value expected");
    at += literal[0].length;
    return { literal: literal[0] };
  };
  const string = () => {
    if (text[at] !== '"') fail("a string expected");
    const end = /"(?:[^"\\]|\\.)*"/y;
    end.lastIndex = at;
    const match = end.exec(text);
    if (!match) fail("an unterminated string");
    at = end.lastIndex;
    return JSON.parse(match[0]);
  };
  const result = value();
  space();
  if (at !== text.length) fail("text after the value");
  return result;
}

const utf8 = (s) => Buffer.from(s, "utf8");

// The canonical JSON of docs/history-chain.md: no whitespace, members sorted
// by the UTF-8 bytes of their names, strings escaped as JSON.stringify does
// (which is the documented escaping).
function canonical(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v.literal !== undefined) return v.literal;
  const members = [...v.object].sort((a, b) => Buffer.compare(utf8(a[0]), utf8(b[0])));
  return `{${members.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
}

const member = (v, name) => v.object.find(([k]) => k === name)?.[1];

function hashOf(set, prev) {
  const content = { object: set.object.filter(([k]) => k !== "link") };
  const bytes = `kura-chain/1\n${prev ?? "-"}\n${canonical(content)}`;
  return createHash("sha256").update(bytes, "utf8").digest("hex");
}

function describe(set) {
  const records = member(set, "changes").map((change) => {
    const key = member(change, "key") ?? member(change, "record");
    const kind = member(key, "kind") ?? member(key, "record");
    return `${kind}:${member(key, "id") ?? "?"}`;
  });
  return `${member(set, "id")} ${member(set, "stamp")} ${records.join(",")}`;
}

function main(path) {
  const text = readFileSync(path, "utf8").trim();
  const parsed = text.startsWith("[") ? parse(text) : text.split("\n").map(parse);
  const byDevice = new Map();
  const seen = new Set();
  for (const set of parsed) {
    const id = member(set, "id");
    if (seen.has(id)) continue;
    seen.add(id);
    const stamp = member(set, "stamp");
    const device = stamp.split("-").slice(2).join("-");
    if (!byDevice.has(device)) byDevice.set(device, []);
    byDevice.get(device).push(set);
  }
  let problems = 0;
  const report = (what, set, extra = "") => {
    problems++;
    console.log(`${what} ${describe(set)}${extra}`);
  };
  for (const device of [...byDevice.keys()].sort()) {
    // The stamp's text orders as the stamp; then the set id.
    const sets = byDevice.get(device).sort((a, b) => {
      const [sa, sb] = [member(a, "stamp"), member(b, "stamp")];
      if (sa !== sb) return sa < sb ? -1 : 1;
      return member(a, "id") < member(b, "id") ? -1 : 1;
    });
    let previous = null;
    let linked = 0;
    let unlinked = 0;
    for (const set of sets) {
      const link = member(set, "link");
      if (link === undefined) {
        if (previous === null) unlinked++;
        else report("unlinked", set);
        continue;
      }
      linked++;
      const prevValue = member(link, "prev");
      const prev = typeof prevValue === "string" ? prevValue : null;
      const hash = member(link, "hash");
      if (hashOf(set, prev) !== hash) report("altered", set);
      const expected = previous === null ? null : member(member(previous, "link"), "hash");
      if (prev !== expected) report("broken", set, previous ? ` after ${member(previous, "id")}` : "");
      previous = set;
    }
    const head = previous ? member(member(previous, "link"), "hash") : "-";
    console.log(`device ${device}: ${linked} linked, ${unlinked} before the chain, head ${head}`);
  }
  return problems === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv[2]);
} catch (error) {
  console.error(`verify-history: ${error.message}`);
  process.exitCode = 2;
}
