// Prints and mailing, the order, payment, and what the student sees after.
import { api } from '../../lib/api.js';

export default [
  { path: '/prints', component: () => import('./PrintsView.vue') },
  { path: '/order/:id(\\d+)', component: () => import('./OrderView.vue') },
  { path: '/pay/:id(\\d+)', component: () => import('./PayResultView.vue') },
  { path: '/completed', component: () => import('./CompletedView.vue') },
  { path: '/orders', component: () => import('./OrdersView.vue') },
  // Where payment providers send the student back: the server's return URL
  // is BASE_URL/#/orders/<order number> (server/app/payments.go). It leads to
  // the result page of that order.
  {
    path: '/orders/:number',
    component: () => import('./PayResultView.vue'),
    beforeEnter: async (to) => {
      try {
        const { orders } = await api('GET', '/orders');
        const o = (orders || []).find((x) => x.number === to.params.number);
        return o ? `/pay/${o.id}` : '/orders';
      } catch {
        return '/orders';
      }
    },
  },
];
