import type { RouteRecordRaw } from 'vue-router';
import HomeView from '../views/HomeView.vue';
import type { Access } from './access';

declare module 'vue-router' {
  interface RouteMeta {
    /** The key (i18n/locales/<language>/titles.json) of the document title. */
    title: `titles.${string}`;
    /** Who may open the page (router/access.ts); public when left out. */
    access?: Access;
  }
}

/**
 * Every page but the home page loads on first visit, keeping the first download small. Paths that the API
 * puts in mails (confirm-email, login, reset-password, magic-link) must stay as they are.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'titles.home' } },
  {
    path: '/signup',
    name: 'signup',
    component: () => import('../views/SignUpView.vue'),
    meta: { title: 'titles.signup', access: 'guest' },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { title: 'titles.login', access: 'guest' },
  },
  {
    path: '/login/two-step',
    name: 'two-step',
    component: () => import('../views/TwoStepView.vue'),
    meta: { title: 'titles.twoStep', access: 'guest' },
  },
  {
    path: '/confirm-email',
    name: 'confirm-email',
    component: () => import('../views/ConfirmEmailView.vue'),
    meta: { title: 'titles.confirmEmail' },
  },
  {
    path: '/profile',
    name: 'profile',
    component: () => import('../views/ProfileView.vue'),
    meta: { title: 'titles.profile', access: 'signedIn' },
  },
  {
    path: '/about',
    name: 'about',
    component: () => import('../views/AboutView.vue'),
    meta: { title: 'titles.about' },
  },
  {
    path: '/privacy',
    name: 'privacy',
    component: () => import('../views/PrivacyView.vue'),
    meta: { title: 'titles.privacy' },
  },
  {
    path: '/terms',
    name: 'terms',
    component: () => import('../views/TermsView.vue'),
    meta: { title: 'titles.terms' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('../views/ForgotPasswordView.vue'),
    meta: { title: 'titles.forgotPassword' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('../views/ResetPasswordView.vue'),
    meta: { title: 'titles.resetPassword' },
  },
  {
    path: '/magic-link',
    name: 'magic-link',
    component: () => import('../views/MagicLinkView.vue'),
    meta: { title: 'titles.magicLink' },
  },
  {
    path: '/magic-link/sent',
    name: 'magic-link-sent',
    component: () => import('../views/MagicLinkSentView.vue'),
    meta: { title: 'titles.magicLinkSent', access: 'guest' },
  },
  {
    path: '/cancel-email-change',
    name: 'cancel-email-change',
    component: () => import('../views/CancelEmailChangeView.vue'),
    meta: { title: 'titles.cancelEmailChange' },
  },
  {
    path: '/profile/sessions',
    name: 'sessions',
    component: () => import('../views/SessionsView.vue'),
    meta: { title: 'titles.sessions', access: 'signedIn' },
  },
  {
    path: '/profile/activity',
    name: 'activity',
    component: () => import('../views/ActivityView.vue'),
    meta: { title: 'titles.activity', access: 'signedIn' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('../views/AdminUsersView.vue'),
    meta: { title: 'titles.admin', access: 'admin' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('../views/AdminAuditView.vue'),
    meta: { title: 'titles.adminAudit', access: 'admin' },
  },
  {
    path: '/admin/images',
    name: 'admin-images',
    component: () => import('../views/AdminImagesView.vue'),
    meta: { title: 'titles.adminImages', access: 'admin' },
  },
  {
    path: '/gallery',
    name: 'gallery',
    component: () => import('../views/GalleryView.vue'),
    meta: { title: 'titles.gallery', access: 'confirmed' },
  },
  {
    path: '/images/:id',
    name: 'image',
    component: () => import('../views/ImageView.vue'),
    props: true,
    meta: { title: 'titles.image', access: 'signedIn' },
  },
  {
    path: '/upload',
    name: 'upload',
    component: () => import('../views/UploadView.vue'),
    meta: { title: 'titles.upload', access: 'confirmed' },
  },
  {
    path: '/profile/images',
    name: 'my-images',
    component: () => import('../views/MyImagesView.vue'),
    meta: { title: 'titles.myImages', access: 'signedIn' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/NotFoundView.vue'),
    meta: { title: 'titles.notFound' },
  },
];
