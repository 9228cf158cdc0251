// What an order's state means to the student, and how often to look at it
// again while waiting for a payment. Pure: node --test web/app/src/lib/.

// outcomeOf sorts an order's state into what the result page shows.
export function outcomeOf(state) {
  if (['paid', 'printing', 'shipped', 'done'].includes(state)) return 'paid';
  if (state === 'closed' || state === 'refunded') return 'closed';
  return 'waiting';
}

// nextDelay is the wait before the next look, in ms: 2 s for the first
// minute, then 5 s; after n failures in a row, 2 s doubled n times, at most 30 s.
export function nextDelay(elapsedMs, failures) {
  if (failures > 0) return Math.min(30000, 2000 * 2 ** failures);
  return elapsedMs < 60000 ? 2000 : 5000;
}
