import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * In `vite dev` there is no server to fall back to the right index.html for deep links
 * (/console/users, /m/inbox), so rewrite them here the way the real server does in production.
 */
function pageFallback(): Plugin {
  return {
    name: 'lianxin-page-fallback',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '/';
        if (url === '/' || url === '/index.html') {
          res.statusCode = 302;
          res.setHeader('Location', '/console/');
          res.end();
          return;
        }
        const [pathname] = url.split('?');
        const isAsset = /\.[a-z0-9]+$/i.test(pathname ?? '') || pathname?.startsWith('/@') || pathname?.startsWith('/src/');
        if (!isAsset && req.headers.accept?.includes('text/html')) {
          if (pathname === '/console' || pathname?.startsWith('/console/')) req.url = '/console/index.html';
          else if (pathname === '/m' || pathname?.startsWith('/m/')) req.url = '/m/index.html';
        }
        next();
      });
    },
  };
}

/**
 * Vant's icon font lists a copy on Alibaba's CDN after the embedded one, and Chromium fetches it. Intranet sites
 * cannot reach it and our Content-Security-Policy (font-src 'self' data:) refuses it: keep only the embedded font.
 */
function selfContainedFonts(): Plugin {
  const remote = /,\s*url\((?:https?:)?\/\/at\.alicdn\.com[^)]*\)\s*format\([^)]*\)/g;
  return {
    name: 'lianxin-self-contained-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.css($|\?)/.test(id) || !code.includes('at.alicdn.com')) return null;
      return { code: code.replace(remote, ''), map: null };
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), pageFallback(), selfContainedFonts()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  // vue-i18n feature flags: Composition API only, so the legacy API and devtools hooks are dropped from the bundle.
  define: {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: residents never download Element Plus, staff never download Vant.
      input: {
        console: fileURLToPath(new URL('./console/index.html', import.meta.url)),
        m: fileURLToPath(new URL('./m/index.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          // Separate, long-cacheable library chunks; each UI kit stays with the page that uses it. A group also
          // takes in its dependencies, so the Vue group must win first: otherwise Element Plus would swallow Vue
          // and the resident page would have to load the Element Plus chunk to get Vue.
          groups: [
            {
              name: 'vue',
              test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/,
              priority: 10,
            },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)[\\/]/, priority: 5 },
            { name: 'vant', test: /node_modules[\\/](vant|@vant)[\\/]/, priority: 5 },
          ],
        },
      },
    },
    chunkSizeWarningLimit: 1100,
  },
});
