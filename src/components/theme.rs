//! Light/dark theme: follows the system unless the user picks one; the choice is remembered.

use leptos::prelude::*;

use crate::browser;

const THEME_KEY: &str = "praxis.theme";

/// The theme choices, cycled by the toggle: (stored value, label).
const CHOICES: [(&str, &str); 3] = [("system", "System"), ("light", "Light"), ("dark", "Dark")];

fn apply(choice: &str) {
    let attribute = (choice != "system").then_some(choice);
    browser::set_root_attribute("data-theme", attribute);
    browser::set_preference(THEME_KEY, attribute);
}

fn saved_choice() -> &'static str {
    let saved = browser::preference(THEME_KEY);
    CHOICES
        .iter()
        .map(|(value, _)| *value)
        .find(|value| saved.as_deref() == Some(*value))
        .unwrap_or("system")
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let choice = RwSignal::new(saved_choice());
    Effect::new(move || apply(choice.get()));
    let label = move || {
        let current = choice.get();
        let name = CHOICES
            .iter()
            .find(|(v, _)| *v == current)
            .map_or("System", |(_, l)| *l);
        format!("Theme: {name}")
    };
    let next = move |_| {
        let current = choice.get_untracked();
        let index = CHOICES.iter().position(|(v, _)| *v == current).unwrap_or(0);
        choice.set(CHOICES[(index + 1) % CHOICES.len()].0);
    };
    view! {
        <button type="button" class="theme-toggle" on:click=next title="Switch between system, light and dark theme">
            {label}
        </button>
    }
}
