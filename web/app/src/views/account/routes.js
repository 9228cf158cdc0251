// Sign-up, login, password, the main screen and the personal data.
export default [
  { path: '/choose', component: () => import('./ChooseView.vue'), meta: { guest: true } },
  { path: '/signup', component: () => import('./SignupView.vue'), meta: { guest: true } },
  { path: '/login', component: () => import('./LoginView.vue'), meta: { guest: true } },
  { path: '/password', component: () => import('./PasswordView.vue') },
  { path: '/home', component: () => import('./HomeView.vue') },
  { path: '/info', component: () => import('./InfoView.vue') },
];
