import { createApp } from 'vue';
import {
  Area, Button, Cell, CellGroup, Checkbox, DatePicker, Dialog, Field, Form, Icon, Image as VanImage, Loading,
  NavBar, Notify, Picker, Popup, Progress, Radio, RadioGroup, Steps, Step, Tag, Toast, Uploader,
} from 'vant';
import 'vant/lib/index.css';
import App from './App.vue';
import { router } from './router.js';
import { registerServiceWorker } from './lib/offline.js';
import './style.css';

const app = createApp(App);
for (const c of [Area, Button, Cell, CellGroup, Checkbox, DatePicker, Dialog, Field, Form, Icon, VanImage, Loading,
  NavBar, Notify, Picker, Popup, Progress, Radio, RadioGroup, Steps, Step, Tag, Toast, Uploader]) app.use(c);
app.use(router).mount('#app');
registerServiceWorker();
