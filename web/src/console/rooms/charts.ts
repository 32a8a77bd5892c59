import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the utilisation page draws with, registered once. Importing them one by one keeps the
 * chart library out of every other console page and small in this one.
 */
use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { default as VChart } from 'vue-echarts';

/** Party red and the tints that read well beside it. */
export const CHART_COLORS = { booked: '#c8161e', used: '#2563eb', open: '#d1d5db', heat: ['#fff7ed', '#fdba74', '#ea580c', '#9a3412'] };
