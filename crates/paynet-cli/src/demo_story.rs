//! The demo's story: how `paynet demo` prints a step (its title, then the lines under it),
//! records it for `demo --json`, and keeps what did not go as the SDK promises. Parts 1 to 4
//! (`demo.rs`) and part 5 (`demo_subscriptions.rs`) tell their steps through it.

use std::fmt::Display;

use paynet::{Card, Error};
use paynet_sim::{TEST_CVC, TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR};
use serde::{Serialize, Serializer};
use serde_json::value::{RawValue, to_raw_value};

use crate::context::out;
use crate::failure::sdk_error_object;

/// The name on the demo's cards.
const HOLDER: &str = "AYSE YILMAZ";

/// A field of a step's JSON: its name, and its value as written by the value's own `Serialize`
/// (a `serde_json::Value` would read amounts through `f64`: `100.00` would become `100.0`).
pub(crate) type Field = (&'static str, Box<RawValue>);

/// The field `name` with `value`.
pub(crate) fn field(name: &'static str, value: &impl Serialize) -> Field {
    let value = to_raw_value(value).unwrap_or_else(|_| RawValue::NULL.to_owned());
    (name, value)
}

/// Paynet's answer, as the SDK serialises it (no key: a session key or an encryption key is
/// `"[redacted]"`).
pub(crate) fn response(answer: &impl Serialize) -> Field {
    field("response", answer)
}

/// An error, as the tool's `{"error": ...}` object has it.
pub(crate) fn error(error: &Error) -> Field {
    field("error", &sdk_error_object(error))
}

/// A test card of the simulator, as a person would give it: its number, `MM/YY`, the test CVC
/// and a holder.
pub(crate) fn test_card(number: &str) -> Result<Card, Error> {
    let expiry = format!("{TEST_EXPIRY_MONTH:02}/{:02}", TEST_EXPIRY_YEAR % 100);
    Card::new(number, &expiry, TEST_CVC, HOLDER)
}

/// One step of the story, as `demo --json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct Step {
    /// Its number, from 1.
    pub(crate) step: usize,
    /// A short name (`open_session`, `init_sale`, `partial_capture`...).
    pub(crate) name: String,
    /// How it ended (`opened`, `approved`, `declined`, an error kind...).
    result: String,
    /// True when it ended as the SDK promises.
    as_expected: bool,
    /// What else the step shows, in order: Paynet's answer (`response`) or the error (`error`),
    /// then what the step is about (`remaining`, `bank_page`, `sent`, `charge_dates`...).
    #[serde(flatten)]
    fields: Fields,
}

/// A step's fields, written in the order they were added.
#[derive(Debug)]
struct Fields(Vec<Field>);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

/// The story so far: the steps recorded, and what did not go as expected.
#[derive(Default)]
pub(crate) struct Story {
    /// `--json`: nothing is printed but the summary.
    json: bool,
    /// The steps recorded, in order.
    pub(crate) steps: Vec<Step>,
    /// What did not go as expected, a line each.
    pub(crate) unexpected: Vec<String>,
}

impl Story {
    /// A story with no step yet; `json`: print nothing (the caller prints the summary).
    pub(crate) fn new(json: bool) -> Story {
        Story {
            json,
            ..Story::default()
        }
    }

    /// Prints `text`, unless the story is told as JSON.
    pub(crate) fn say(&self, text: &str) {
        if !self.json {
            out(text);
        }
    }

    /// Prints the title of a part of the story.
    pub(crate) fn part(&self, title: &str) {
        self.say(&format!("\n== {title} =="));
    }

    /// Prints a step's title.
    pub(crate) fn step(&self, title: &str) {
        self.say(&format!("\n{}. {title}", self.steps.len() + 1));
    }

    /// Prints lines under the current step: the first indented by 3, the others by 6.
    pub(crate) fn detail(&self, text: &str) {
        let indented: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| match (l.is_empty(), i) {
                (true, _) => String::new(),
                (false, 0) => format!("   {l}"),
                (false, _) => format!("      {l}"),
            })
            .collect();
        self.say(&indented.join("\n"));
    }

    /// Prints `text` (if any) under the current step and records the step: it ended as
    /// `result`, as the SDK promises when `expected` (otherwise it is flagged), showing `fields`.
    pub(crate) fn end(
        &mut self,
        name: &str,
        result: &str,
        expected: bool,
        text: &str,
        fields: impl IntoIterator<Item = Field>,
    ) {
        if !text.is_empty() {
            self.detail(text);
        }
        let number = self.steps.len() + 1;
        if !expected {
            self.unexpected
                .push(format!("step {number} ({name}) ended as {result}"));
            self.detail("!! UNEXPECTED: this is not what the SDK should do here");
        }
        self.steps.push(Step {
            step: number,
            name: name.to_owned(),
            result: result.to_owned(),
            as_expected: expected,
            fields: Fields(fields.into_iter().collect()),
        });
    }

    /// Adds `fields` to the last step's JSON.
    pub(crate) fn annotate(&mut self, fields: impl IntoIterator<Item = Field>) {
        if let Some(step) = self.steps.last_mut() {
            step.fields.0.extend(fields);
        }
    }

    /// Records a step that could not go on (`result`, and why); `None` for the caller to stop.
    pub(crate) fn broke<T>(&mut self, name: &str, result: &str, why: impl Display) -> Option<T> {
        self.end(name, result, false, &format!("-> {why}"), []);
        None
    }

    /// Records a step the SDK answered with an error it should not have; `None` for the caller
    /// to stop.
    pub(crate) fn failed<T>(&mut self, name: &str, e: &Error) -> Option<T> {
        self.end(name, e.kind(), false, &format!("-> {e}"), [error(e)]);
        None
    }

    /// A step whose call must succeed: prints what `say` makes of the answer and records the
    /// step as `result` with the answer, or records the error; the answer, or `None`.
    pub(crate) fn answered<T: Serialize>(
        &mut self,
        name: &str,
        result: &str,
        answer: Result<T, Error>,
        say: impl FnOnce(&T) -> String,
    ) -> Option<T> {
        self.judged(name, answer, |t| (result, say(t), true))
    }

    /// As [`Story::answered`], with `judge` saying how the step ended: its result, what the
    /// answer shows, and whether that is what the SDK promises.
    pub(crate) fn judged<'r, T: Serialize>(
        &mut self,
        name: &str,
        answer: Result<T, Error>,
        judge: impl FnOnce(&T) -> (&'r str, String, bool),
    ) -> Option<T> {
        match answer {
            Ok(answer) => {
                let (result, text, expected) = judge(&answer);
                self.end(name, result, expected, &text, [response(&answer)]);
                Some(answer)
            }
            Err(e) => self.failed(name, &e),
        }
    }

    /// A request the demo builds: refused only by a bug in the demo, which is then reported.
    pub(crate) fn built<T, E: Display>(&mut self, request: Result<T, E>) -> Option<T> {
        request
            .map_err(|e| self.unexpected.push(format!("demo: {e}")))
            .ok()
    }

    /// Notes `what` as not gone as expected, unless `ok`.
    pub(crate) fn expect(&mut self, ok: bool, what: impl Into<String>) {
        if !ok {
            self.unexpected.push(what.into());
        }
    }
}
