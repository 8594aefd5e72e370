import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
/** The key functions, one file per aggregate: the only code allowed to know key formats. */
const keysFolder = 'functions/shared/data/keys/';
/** The one module that imports the key functions' files; everything else imports it. */
const keysIndex = 'functions/shared/data/keys.ts';
/** The data layer: the table module, its types, the keys and the cursors. */
const dataLayer = 'functions/shared/data/';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** Everything that runs in AWS or stands in for it locally. */
const productCode = () => ['functions', 'local', 'lib', 'bin'].flatMap(sourceFiles);

/** Places in a source text that build a key string or name a key attribute. */
function keyBuildingIn(text: string): string[] {
  const patterns = [
    /['"`][A-Z][A-Z0-9_]*#/g, // a key prefix literal such as 'JOB#' or `USER#${id}`
    /\$\{[^}]*\}#/g, // a template that joins segments with '#'
    /\b(pk|sk|gsi\d+pk|gsi\d+sk)\s*:/g, // an object literal that sets a key attribute
    /['"](pk|sk|gsi\d+pk|gsi\d+sk)['"]/g, // a key attribute named as a string
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0]));
}

/** Where data access may live: the data layer, and each capability's repositories and stores. */
const isDataAccess = (file: string) => file.startsWith(dataLayer) || /-(repository|store)\.ts$/.test(file);

/** Imports of the table module (`#shared/data/table`, or a relative path to it), types included. */
function tableImportsIn(text: string): string[] {
  return [...text.matchAll(/['"](?:#shared|(?:\.\.?\/)+(?:[\w-]+\/)*?shared)?\/?data\/table(?:\.ts)?['"]/g)].map(
    (m) => m[0],
  );
}

/** Places in a source text that build a DynamoDB expression: its request fields, or a condition's `expression`. */
function expressionsIn(text: string): string[] {
  const pattern =
    /\b(?:Condition|Update|KeyCondition|Filter|Projection)Expression\b|\bExpressionAttribute(?:Names|Values)\b|\bexpression\s*:/g;
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

/** String literals that read as an expression and name a key attribute, e.g. 'attribute_not_exists(pk)'. */
function keyNamesInExpressionsIn(text: string): string[] {
  const strings = text.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? [];
  const keyName = /\b(?:pk|sk|gsi\d+pk|gsi\d+sk)\b/;
  const expressionLike =
    /attribute_(?:not_)?exists|begins_with|\b(?:AND|OR|NOT|SET|REMOVE|ADD|BETWEEN|IN)\b|[=<>]|[#:]\w/;
  return strings.filter((s) => keyName.test(s) && expressionLike.test(s));
}

/** Places in a source text that import a file of the keys folder directly. */
function keysFolderImportsIn(text: string): string[] {
  return [...text.matchAll(/\bfrom\s+['"][^'"]*\bdata\/keys\/[^'"]*['"]/g)].map((m) => m[0]);
}

/** Places in a source text that send a Scan. */
function scansIn(text: string): string[] {
  return [...text.matchAll(/\bScanCommand\b|\.scan\(|ParallelScan|['"]Scan['"]/g)].map((m) => m[0]);
}

describe('the architecture guard', () => {
  it('recognises key building and Scans when they appear', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a sample of source text
    expect(keyBuildingIn("const k = { pk: `JOB#${id}`, sk: 'META' };")).toEqual(['`JOB#', 'pk:', 'sk:']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a sample of source text
    expect(keyBuildingIn('const s = `${accountId}#${jobId}`;')).toHaveLength(1);
    expect(keyBuildingIn("item['gsi1pk']")).toHaveLength(1);
    expect(scansIn('await db.send(new ScanCommand({ TableName }))')).toHaveLength(1);
    expect(keyBuildingIn("const message = 'Job #12 is due';")).toEqual([]);
    expect(scansIn('const scanned = barcode.read();')).toEqual([]);
    expect(keysFolderImportsIn("import { staffUser } from '#shared/data/keys/staff';")).toHaveLength(1);
    expect(keysFolderImportsIn("import { keys } from '../../functions/shared/data/keys/index';")).toHaveLength(1);
    expect(keysFolderImportsIn("import { keys } from '#shared/data/keys';")).toEqual([]);
  });

  it('recognises table imports, expressions and key attributes in expressions when they appear', () => {
    expect(tableImportsIn("import { transact } from '#shared/data/table';")).toHaveLength(1);
    expect(tableImportsIn("import type { Page } from '../../shared/data/table';")).toHaveLength(1);
    expect(tableImportsIn("import type { Step } from '#shared/data/types';")).toEqual([]);
    expect(expressionsIn("put.ConditionExpression = 'attribute_exists(#version)';")).toEqual(['ConditionExpression']);
    expect(expressionsIn("putWhen(item, { expression: '#status = :pending', names })")).toEqual(['expression:']);
    expect(expressionsIn("p.ExpressionAttributeNames = { '#count': 'taskCount' };")).toHaveLength(1);
    expect(expressionsIn('const label = describeExpression(answer);')).toEqual([]);
    expect(keyNamesInExpressionsIn("{ expression: 'attribute_not_exists(pk)', names: {} }")).toHaveLength(1);
    expect(keyNamesInExpressionsIn('const c = `attribute_exists(pk) AND #count = :zero`;')).toHaveLength(1);
    expect(keyNamesInExpressionsIn("const s = 'gsi1pk = :p';")).toHaveLength(1);
    expect(keyNamesInExpressionsIn("const word = 'speak = talk'; const t = 'pk';")).toEqual([]);
  });

  it('finds no key string built outside the keys folder', () => {
    const offenders = productCode()
      .filter((file) => !file.startsWith(keysFolder))
      .flatMap((file) =>
        keyBuildingIn(readFileSync(join(root, file), 'utf8')).map(
          (hit) => `${relative(root, join(root, file))}: ${hit}`,
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('finds the table used only by repositories, stores and the data layer', () => {
    const offenders = productCode()
      .filter((file) => !isDataAccess(file))
      .flatMap((file) => tableImportsIn(readFileSync(join(root, file), 'utf8')).map((hit) => `${file}: ${hit}`));
    expect(offenders).toEqual([]);
  });

  it('finds no DynamoDB expression built outside repositories, stores and the data layer', () => {
    const offenders = productCode()
      // The CDK code's `expression:` is CloudWatch metric math (lib/constructs/operations.ts).
      .filter((file) => !isDataAccess(file) && !file.startsWith('lib/'))
      .flatMap((file) => expressionsIn(readFileSync(join(root, file), 'utf8')).map((hit) => `${file}: ${hit}`));
    expect(offenders).toEqual([]);
  });

  it('finds no key attribute named in an expression outside the data layer', () => {
    const offenders = productCode()
      .filter((file) => !file.startsWith(dataLayer))
      .flatMap((file) =>
        keyNamesInExpressionsIn(readFileSync(join(root, file), 'utf8')).map((hit) => `${file}: ${hit}`),
      );
    expect(offenders).toEqual([]);
  });

  it('imports the keys folder only through keys.ts', () => {
    const offenders = [...productCode(), ...sourceFiles('scripts')]
      .filter((file) => !file.startsWith(keysFolder) && file !== keysIndex)
      .flatMap((file) => keysFolderImportsIn(readFileSync(join(root, file), 'utf8')).map((hit) => `${file}: ${hit}`));
    expect(offenders).toEqual([]);
  });

  it('finds no Scan anywhere in the product code', () => {
    const offenders = productCode().flatMap((file) =>
      scansIn(readFileSync(join(root, file), 'utf8')).map((hit) => `${file}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });

  it('never has the logger log an event (R11): no middleware without logEvent pinned off, no logEventIfEnabled', () => {
    const eventLogging = /injectLambdaContext\((?![^)]*logEvent: false)[^)]*\)|logEventIfEnabled\(|logEvent: true/g;
    const offenders = productCode().flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(eventLogging)].map((m) => `${file}: ${m[0]}`),
    );
    expect('injectLambdaContext(logger, { resetKeys: true })'.match(eventLogging)).toHaveLength(1);
    expect('injectLambdaContext(logger, { logEvent: false })'.match(eventLogging)).toBeNull();
    expect(offenders).toEqual([]);
  });
});
