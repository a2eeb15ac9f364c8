# Installs what the build and the tests need, once; sourced by the other scripts.
# Nothing here downloads a prebuilt binary: Rust tools build from crates.io,
# wasm-opt and playwright-core come from npm, Chromium from Debian.

wasm_bindgen_version() {
  sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p}' Cargo.lock
}

ensure_web_tools() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  local v
  v=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $v" ]; then
    echo "==> installing wasm-bindgen-cli $v from source (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$v"
  fi
  if ! npm ls binaryen playwright-core axe-core pdfjs-dist >/dev/null 2>&1; then
    # pdf.js's optional canvas is not needed: the tests render PDF pages in Chromium.
    npm ci --no-audit --no-fund --omit=optional
  fi
  # The npm wasm-opt must come before any older system one.
  export PATH="$PWD/node_modules/.bin:$PATH"
}

ensure_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "==> installing Chromium and ChromeDriver from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

# LibreOffice, the spreadsheet program the end-to-end tests read and save
# workbooks with (Debian's build without a display).
ensure_spreadsheet() {
  if ! command -v soffice >/dev/null; then
    echo "==> installing LibreOffice Calc (no GUI) from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
  fi
}
