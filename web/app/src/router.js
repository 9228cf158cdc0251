// Screens, in the order of the manual. Hash routes: the same build works
// under any server (the native one, the Worker's assets, a web-view). Each
// part of the journey lists its own screens (views/*/routes.js).
import { createRouter, createWebHashHistory } from 'vue-router';
import { session } from './lib/api.js';
import account from './views/account/routes.js';
import photo from './views/photo/routes.js';
import order from './views/order/routes.js';
import staff from './views/staff/routes.js';

const routes = [
  { path: '/', redirect: () => (session.token ? '/home' : '/choose') },
  ...account, ...photo, ...order, ...staff,
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

// Screens not marked guest need a session.
router.beforeEach((to) => (to.meta.guest || session.token ? true : '/choose'));
