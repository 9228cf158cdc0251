// Taking or choosing the photo.
export default [
  { path: '/photo', component: () => import('./PhotoView.vue') },
  { path: '/photo/camera', component: () => import('./CameraView.vue') },
];
