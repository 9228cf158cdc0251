// Sign-up, login, password, the main screen and the personal data.
export default [
  { path: '/choose', component: () => import('./ChooseView.vue'), meta: { guest: true } },
  { path: '/home', component: () => import('./HomeView.vue') },
];
