import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgliteThread } from '.';

describe('PgliteThread', () => {
  let thread: PgliteThread;
  beforeEach(async () => {
    thread = await PgliteThread.start('memory://');
    await thread.query('create table notes (id int primary key, body text not null)');
  }, 30_000);
  afterEach(() => thread.close());

  const bodies = async () => (await thread.query('select body from notes order by id')).rows.map((row) => (row as { body: string }).body);

  it('answers queries with parameters, in object or array rows', async () => {
    await thread.query('insert into notes values ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
    expect((await thread.query('select id, body from notes where id = $1', [2])).rows).toEqual([{ id: 2, body: 'two' }]);
    expect((await thread.query('select id, body from notes order by id', [], { rowMode: 'array' })).rows).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('commits a transaction whose callback resolves, and rolls back one that throws', async () => {
    await thread.transaction(async (tx) => {
      await tx.query('insert into notes values (1, $1)', ['kept']);
    });
    await expect(
      thread.transaction(async (tx) => {
        await tx.query('insert into notes values (2, $1)', ['discarded']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await bodies()).toEqual(['kept']);
  });

  it('makes other queries wait until an open transaction ends', async () => {
    let outside: Promise<string[]> | undefined;
    await thread.transaction(async (tx) => {
      await tx.query("insert into notes values (1, 'first')");
      outside = bodies();
      await tx.query("insert into notes values (2, 'second')");
    });
    expect(await outside).toEqual(['first', 'second']);
  });

  it('keeps Postgres error fields, so callers can tell a unique violation', async () => {
    await thread.query("insert into notes values (1, 'one')");
    const error = await thread.query("insert into notes values (1, 'again')").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', message: expect.stringMatching(/duplicate key/) });
  });

  it('runs a statement again after it failed, and keeps each parameter type', async () => {
    const insert = 'insert into notes values ($1, $2) returning id';
    expect((await thread.query(insert, [1, 'one'])).rows).toEqual([{ id: 1 }]);
    await expect(thread.query(insert, [1, 'again'])).rejects.toMatchObject({ code: '23505' });
    expect((await thread.query(insert, [2, 'two'])).rows).toEqual([{ id: 2 }]);
    const typed = 'select $1::jsonb as doc, $2::int as n, $3::boolean as yes, $4::text as nothing';
    for (const doc of [{ a: [1, 'x'] }, { b: null }]) {
      expect((await thread.query(typed, [JSON.stringify(doc), 7, true, null])).rows).toEqual([{ doc, n: 7, yes: true, nothing: null }]);
    }
    expect((await thread.query('update notes set body = upper(body)')).affectedRows).toBe(2);
    expect(await bodies()).toEqual(['ONE', 'TWO']);
  });

  it('answers right with more distinct statements than it keeps prepared, old ones again included', async () => {
    await thread.query("insert into notes values (1, 'one')");
    const texts = Array.from({ length: 260 }, (_, i) => `select body, ${i} as n from notes where id = $1`);
    for (const round of [0, 1]) {
      for (const [i, text] of texts.entries()) {
        expect((await thread.query(text, [1])).rows, `round ${round}, statement ${i}`).toEqual([{ body: 'one', n: i }]);
      }
    }
  });

  it('fails to start, rather than hang, when the data directory cannot be used', async () => {
    const notADirectory = path.join(await mkdtemp(path.join(tmpdir(), 'rill-pglite-')), 'file');
    await writeFile(notADirectory, 'not a database');
    await expect(PgliteThread.start(path.join(notADirectory, 'pglite'))).rejects.toThrow();
  }, 30_000);

  it('refuses queries once closed, saying so', async () => {
    const closed = await PgliteThread.start('memory://');
    await closed.close();
    await expect(closed.query('select 1')).rejects.toThrow(/embedded database.*closed/i);
  }, 30_000);
});
