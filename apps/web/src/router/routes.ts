import type { RouteRecordRaw } from 'vue-router';
import HomeView from '../views/HomeView.vue';
import type { Access } from './access';

declare module 'vue-router' {
  interface RouteMeta {
    /** The document title, and what screen readers announce on navigation. */
    title: string;
    /** Who may open the page (router/access.ts); public when left out. */
    access?: Access;
  }
}

/**
 * Every page but the home page loads on first visit, keeping the first download small. Paths that the API
 * puts in mails (confirm-email, login, reset-password, magic-link) must stay as they are.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'Home' } },
  {
    path: '/signup',
    name: 'signup',
    component: () => import('../views/SignUpView.vue'),
    meta: { title: 'Sign up', access: 'guest' },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { title: 'Log in', access: 'guest' },
  },
  {
    path: '/login/two-step',
    name: 'two-step',
    component: () => import('../views/TwoStepView.vue'),
    meta: { title: 'Two-step verification', access: 'guest' },
  },
  {
    path: '/confirm-email',
    name: 'confirm-email',
    component: () => import('../views/ConfirmEmailView.vue'),
    meta: { title: 'Confirm your email address' },
  },
  {
    path: '/profile',
    name: 'profile',
    component: () => import('../views/ProfileView.vue'),
    meta: { title: 'Your profile', access: 'signedIn' },
  },
  {
    path: '/about',
    name: 'about',
    component: () => import('../views/AboutView.vue'),
    meta: { title: 'About' },
  },
  {
    path: '/privacy',
    name: 'privacy',
    component: () => import('../views/PrivacyView.vue'),
    meta: { title: 'Privacy' },
  },
  {
    path: '/terms',
    name: 'terms',
    component: () => import('../views/TermsView.vue'),
    meta: { title: 'Terms' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('../views/ForgotPasswordView.vue'),
    meta: { title: 'Forgot your password?' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('../views/ResetPasswordView.vue'),
    meta: { title: 'Choose a new password' },
  },
  {
    path: '/magic-link',
    name: 'magic-link',
    component: () => import('../views/MagicLinkView.vue'),
    meta: { title: 'Sign in with your link' },
  },
  {
    path: '/magic-link/sent',
    name: 'magic-link-sent',
    component: () => import('../views/MagicLinkSentView.vue'),
    meta: { title: 'Check your mail', access: 'guest' },
  },
  {
    path: '/cancel-email-change',
    name: 'cancel-email-change',
    component: () => import('../views/CancelEmailChangeView.vue'),
    meta: { title: 'Cancel the email change' },
  },
  {
    path: '/profile/sessions',
    name: 'sessions',
    component: () => import('../views/SessionsView.vue'),
    meta: { title: 'Signed-in devices', access: 'signedIn' },
  },
  {
    path: '/profile/activity',
    name: 'activity',
    component: () => import('../views/ActivityView.vue'),
    meta: { title: 'Security activity', access: 'signedIn' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('../views/AdminUsersView.vue'),
    meta: { title: 'Accounts', access: 'admin' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('../views/AdminAuditView.vue'),
    meta: { title: 'Audit log', access: 'admin' },
  },
  {
    path: '/admin/images',
    name: 'admin-images',
    component: () => import('../views/AdminImagesView.vue'),
    meta: { title: 'Images', access: 'admin' },
  },
  {
    path: '/gallery',
    name: 'gallery',
    component: () => import('../views/GalleryView.vue'),
    meta: { title: 'Gallery', access: 'confirmed' },
  },
  {
    path: '/images/:id',
    name: 'image',
    component: () => import('../views/ImageView.vue'),
    props: true,
    meta: { title: 'Image', access: 'signedIn' },
  },
  {
    path: '/upload',
    name: 'upload',
    component: () => import('../views/UploadView.vue'),
    meta: { title: 'Upload an image', access: 'confirmed' },
  },
  {
    path: '/profile/images',
    name: 'my-images',
    component: () => import('../views/MyImagesView.vue'),
    meta: { title: 'Your uploads', access: 'signedIn' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/NotFoundView.vue'),
    meta: { title: 'Page not found' },
  },
];
