# Sums `twiggy top -f json` of a names-keeping wasm by crate (`--arg by crate`) or by area
# (`--arg by area`); docs/BENCHMARKS.md, "Where the bytes go", shows the commands around it.
# A function counts for the first path segment of its name (for `<T as a::Trait>::f`, with T a
# type parameter or a primitive, the trait's crate): generic code counts where it is defined,
# not where it is used (a Vec<View> method counts for alloc, a view closure for tachys).
def ident: capture("^(?<x>[A-Za-z_][A-Za-z0-9_]*)").x // "(other)";
def crate:
  if test("^\"(function|local) names\"") then "(names section)"
  elif startswith("data segment") then "(data segments)"
  elif startswith("import ") or startswith("export ") then "(imports, exports)"
  elif test("^(code|elem|table|type|global|memory)\\[|^\"|^custom section") then "(unnamed functions, tables)"
  else (sub("^[<&*]*(mut |dyn |const )?"; "") | ident) as $c
    | if ($c | test("^([A-Z]|f32|f64|str|char|bool|[ui](8|16|32|64|128|size))$"))
      then (capture(" as (?<y>[A-Za-z_][A-Za-z0-9_]*)").y // "core") else $c end
  end;
def area:
  if startswith("(") and . != "(imports, exports)" then .
  elif . == "praxis" or . == "main" then "Praxis app (src/)"
  elif . == "praxis_core" then "praxis-core"
  elif test("^(praxis_store|indexed_db_futures)$") then "praxis-store, indexed_db_futures"
  elif test("^(tachys|either_of|leptos_dom)$") then "Leptos views (tachys)"
  elif test("^(reactive_graph|slotmap|guardian|send_wrapper|any_spawner|oco_ref|throw_error|or_poisoned|indexmap)$") then "Leptos reactive system (reactive_graph)"
  elif test("^(leptos|leptos_router|Match|server_fn|wasm_streams)$") then "Leptos core and router"
  elif test("^(serde|serde_core|serde_json|serde_path_to_error|serde_wasm_bindgen|zmij|itoa)$") then "serde, serde_json, serde_path_to_error"
  elif test("^(core|alloc|std|dlmalloc|compiler_builtins|hashbrown|__rustc|memcmp|memcpy|memset|__multi3)$") then "Rust core, alloc, std"
  elif test("^(wasm_bindgen|wasm_bindgen_futures|js_sys|web_sys|Closure|__wbindgen.*|__wbg.*|__externref.*|intounderlying.*)$") or . == "(imports, exports)" then "wasm-bindgen, js-sys, web-sys"
  elif test("^(futures_util|futures_channel|futures_core|futures_task|tokio|async_lock|event_listener|event_listener_strategy)$") then "futures, tokio::sync, event_listener"
  else "(other)" end;
[.[] | {key: (.name | crate | if $by == "area" then area else . end), bytes: .shallow_size}]
| group_by(.key)
| map({key: .[0].key, bytes: (map(.bytes) | add), items: length})
| sort_by(-.bytes)
| .[] | "\(.bytes)\t\(.items)\t\(.key)"
