/**
 * Styles of the Vant components the resident pages use, imported one by one so the phone bundle carries
 * only what is on screen. Add a line here when a page starts using another Vant component.
 */
import 'vant/es/style/base.css';
import 'vant/es/action-bar/style/index';
import 'vant/es/action-bar-button/style/index';
import 'vant/es/action-sheet/style/index';
import 'vant/es/badge/style/index';
import 'vant/es/button/style/index';
import 'vant/es/card/style/index';
import 'vant/es/cascader/style/index';
import 'vant/es/cell/style/index';
import 'vant/es/cell-group/style/index';
import 'vant/es/checkbox/style/index';
import 'vant/es/checkbox-group/style/index';
import 'vant/es/config-provider/style/index';
import 'vant/es/date-picker/style/index';
import 'vant/es/dialog/style/index';
import 'vant/es/empty/style/index';
import 'vant/es/field/style/index';
import 'vant/es/form/style/index';
import 'vant/es/grid/style/index';
import 'vant/es/grid-item/style/index';
import 'vant/es/icon/style/index';
import 'vant/es/image/style/index';
import 'vant/es/image-preview/style/index';
import 'vant/es/list/style/index';
import 'vant/es/loading/style/index';
import 'vant/es/nav-bar/style/index';
import 'vant/es/notify/style/index';
import 'vant/es/picker/style/index';
import 'vant/es/popup/style/index';
import 'vant/es/pull-refresh/style/index';
import 'vant/es/radio/style/index';
import 'vant/es/radio-group/style/index';
import 'vant/es/skeleton/style/index';
import 'vant/es/stepper/style/index';
import 'vant/es/tab/style/index';
import 'vant/es/tabbar/style/index';
import 'vant/es/tabbar-item/style/index';
import 'vant/es/tabs/style/index';
import 'vant/es/tag/style/index';
import 'vant/es/toast/style/index';
