import { createApp } from 'vue';
import {
  Area, Button, Cell, CellGroup, DatePicker, Field, Icon, Loading, NavBar, Picker, Popup, Progress, Radio, RadioGroup,
  Step, Steps, Tag,
} from 'vant';
// Only the styles of the components the app uses (all of Vant's is 52 KB
// gzip), and those of the toast the screens call (showToast).
import 'vant/es/area/style/index';
import 'vant/es/button/style/index';
import 'vant/es/cell/style/index';
import 'vant/es/cell-group/style/index';
import 'vant/es/date-picker/style/index';
import 'vant/es/field/style/index';
import 'vant/es/icon/style/index';
import 'vant/es/loading/style/index';
import 'vant/es/nav-bar/style/index';
import 'vant/es/picker/style/index';
import 'vant/es/popup/style/index';
import 'vant/es/progress/style/index';
import 'vant/es/radio/style/index';
import 'vant/es/radio-group/style/index';
import 'vant/es/step/style/index';
import 'vant/es/steps/style/index';
import 'vant/es/tag/style/index';
import 'vant/es/toast/style/index';
import App from './App.vue';
import { router } from './router.js';
import { registerServiceWorker } from './lib/offline.js';
import './style.css';

const app = createApp(App);
for (const c of [Area, Button, Cell, CellGroup, DatePicker, Field, Icon, Loading, NavBar, Picker, Popup, Progress, Radio,
  RadioGroup, Step, Steps, Tag]) app.use(c);
app.use(router).mount('#app');
registerServiceWorker();
