// The staff console: album photos to review, orders to print and ship.
export default [
  { path: '/staff', component: () => import('./ReviewView.vue') },
  { path: '/staff/orders', component: () => import('./WorkListView.vue') },
];
