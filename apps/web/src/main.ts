import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { createAppRouter } from './router';
import './styles/base.css';
import './styles/forms.css';
import './styles/components.css';
import './styles/tables.css';
import './styles/gallery.css';
import './styles/two-step.css';
import './styles/activity.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(createAppRouter());
app.mount('#app');
