// node --test web/app/src/lib/
import test from 'node:test';
import assert from 'node:assert/strict';
import { nextDelay, outcomeOf } from './orderstate.js';

test('outcomeOf', () => {
  for (const s of ['paid', 'printing', 'shipped', 'done']) assert.equal(outcomeOf(s), 'paid');
  assert.equal(outcomeOf('closed'), 'closed');
  assert.equal(outcomeOf('refunded'), 'closed');
  assert.equal(outcomeOf('unpaid'), 'waiting');
});

test('nextDelay: every 2 s, then 5 s after a minute, backing off after failures', () => {
  assert.equal(nextDelay(0, 0), 2000);
  assert.equal(nextDelay(59000, 0), 2000);
  assert.equal(nextDelay(61000, 0), 5000);
  assert.equal(nextDelay(0, 1), 4000);
  assert.equal(nextDelay(0, 3), 16000);
  assert.equal(nextDelay(0, 10), 30000);
});
