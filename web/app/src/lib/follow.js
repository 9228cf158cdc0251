// Following an order until it is paid: GET /orders/{id} every 2 s, slower
// after the first minute and after errors, stopping when the order is paid
// or closed, or after about five minutes.
import { api } from './api.js';
import { nextDelay, outcomeOf } from './orderstate.js';

export { nextDelay, outcomeOf };

export const FOLLOW_LIMIT_MS = 5 * 60 * 1000;

// follow calls onOrder(order) on every answer and onError(err) on every
// failure, until the order is paid or closed (onDone(outcome)) or the time is
// up (onDone('timeout')). It returns stop().
export function follow(id, { onOrder, onError, onDone, limitMs = FOLLOW_LIMIT_MS }) {
  const started = Date.now();
  let failures = 0;
  let timer = null;
  let stopped = false;
  const look = async () => {
    timer = null;
    try {
      const { order } = await api('GET', `/orders/${id}`);
      if (stopped) return;
      failures = 0;
      onOrder && onOrder(order);
      const o = outcomeOf(order.state);
      if (o !== 'waiting') { stopped = true; onDone && onDone(o); return; }
    } catch (err) {
      if (stopped) return;
      failures++;
      onError && onError(err);
      if (err.status === 404 || err.status === 403 || err.status === 401) { stopped = true; onDone && onDone('failed'); return; }
    }
    const elapsed = Date.now() - started;
    if (elapsed >= limitMs) { stopped = true; onDone && onDone('timeout'); return; }
    timer = setTimeout(look, nextDelay(elapsed, failures));
  };
  look();
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}
