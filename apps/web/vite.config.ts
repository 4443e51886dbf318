import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// In development the SPA runs on Vite's server and the API on its own port; proxying keeps them one origin
// for the browser, as in production where the API serves the built SPA.
const apiUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [vue()],
  // vue-i18n's build flags: the Composition API only (drops the legacy API from the bundle), no devtools hook.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api/': apiUrl,
      '/dev/': apiUrl,
      // The token keys and discovery document (RFC 8615), which products fetch from the origin's root.
      '/.well-known/': apiUrl,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
