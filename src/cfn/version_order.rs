//! The order in which SF v3's `compileFunctions` adds each function and its version, and so
//! the order of those resources in the template.
//!
//! SF compiles every function at once (`Promise.all`), each `compileFunction` running until its
//! first `await`: a zip function adds its resource right away, then waits for its code's hash
//! (`getHashForFilePath`, memoized per file: functions sharing a zip share one read), hashes
//! the zip again (an already settled promise), then the zip of every layer of the service it
//! names by `Ref` (paths sorted); only then does it add its version, alias, URL and
//! event-invoke config. An image function waits for its image's digest first (settled at
//! once), so its resource follows every zip function's, and its version precedes theirs.
//! A function without a version adds its URL and event-invoke config right after itself.
//!
//! [`order`] replays that schedule: file reads complete in the order they start, one at a
//! time, each waking its waiters in the order they came; an `await` of a settled promise puts
//! the function at the back of the queue of ready functions. Hence a function with a layer of
//! the service lands after the functions without one (the layer's zip is read only once some
//! function reaches it), as in SF.

use std::collections::{HashMap, VecDeque};

/// What one function of the service waits for.
pub(crate) struct Plan {
    /// An image function: waits for the image digest before adding its resource.
    pub image: bool,
    /// Whether it gets a version (and waits for files at all).
    pub versioned: bool,
    /// The files it hashes in turn: its zip (twice) then its layers' zips, sorted.
    pub files: Vec<String>,
}

/// One step of [`order`]: a function's resource (with its URL and event-invoke config when
/// it has no version), or its version (with its alias, URL and event-invoke config).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Function(usize),
    Version(usize),
}

enum File {
    /// Being read; the functions waiting, in the order they came.
    Reading(Vec<usize>),
    Read,
}

struct Schedule<'a> {
    plans: &'a [Plan],
    files: HashMap<&'a str, File>,
    /// Reads in the order they started (and complete).
    reads: VecDeque<&'a str>,
    /// Functions whose awaited promise has settled, in the order they resume.
    ready: VecDeque<usize>,
    /// How far each function is in its files.
    next: Vec<usize>,
    /// Whether each function's resource is in.
    added: Vec<bool>,
    steps: Vec<Step>,
}

impl<'a> Schedule<'a> {
    /// Runs function `i` until it waits or finishes.
    fn resume(&mut self, i: usize) {
        let plan = &self.plans[i];
        if !self.added[i] {
            self.added[i] = true;
            self.steps.push(Step::Function(i));
            if !plan.versioned {
                return;
            }
        }
        let Some(file) = plan.files.get(self.next[i]) else {
            self.steps.push(Step::Version(i));
            return;
        };
        self.next[i] += 1;
        match self.files.get_mut(file.as_str()) {
            None => {
                self.files.insert(file, File::Reading(vec![i]));
                self.reads.push_back(file);
            }
            Some(File::Reading(waiting)) => waiting.push(i),
            Some(File::Read) => self.ready.push_back(i),
        }
    }

    fn run_ready(&mut self) {
        while let Some(i) = self.ready.pop_front() {
            self.resume(i);
        }
    }
}

/// The steps of `plans` (the service's functions, in configuration order) in SF's order.
pub(crate) fn order(plans: &[Plan]) -> Vec<Step> {
    let mut s = Schedule {
        plans,
        files: HashMap::new(),
        reads: VecDeque::new(),
        ready: VecDeque::new(),
        next: vec![0; plans.len()],
        added: vec![false; plans.len()],
        steps: Vec::with_capacity(plans.len() * 2),
    };
    for (i, plan) in plans.iter().enumerate() {
        if plan.image {
            s.ready.push_back(i);
        } else {
            s.resume(i);
        }
    }
    s.run_ready();
    while let Some(file) = s.reads.pop_front() {
        if let Some(File::Reading(waiting)) = s.files.insert(file, File::Read) {
            s.ready.extend(waiting);
        }
        s.run_ready();
    }
    s.steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::*;

    fn zip(files: &[&str]) -> Plan {
        Plan {
            image: false,
            versioned: true,
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn functions_sharing_a_zip_keep_their_order_and_unversioned_ones_stay_in_place() {
        let mut loose = zip(&[]);
        loose.versioned = false;
        let plans = [zip(&["svc", "svc"]), loose, zip(&["svc", "svc"])];
        assert_eq!(
            order(&plans),
            [
                Function(0),
                Function(1),
                Function(2),
                Version(0),
                Version(2)
            ]
        );
    }

    /// features-d: the function with a layer lands last.
    #[test]
    fn a_function_with_a_layer_waits_for_the_layer_zip() {
        let plans = [
            zip(&["svc", "svc", "common"]),
            zip(&["svc", "svc"]),
            zip(&["svc", "svc"]),
        ];
        let versions: Vec<Step> = order(&plans).into_iter().skip(3).collect();
        assert_eq!(versions, [Version(1), Version(2), Version(0)]);
    }

    /// The layers fixture (checked against SF 3.40): `both` names two layer zips, the second
    /// read started by `other`, which was waiting for it first.
    #[test]
    fn waiters_wake_in_the_order_they_came() {
        let plans = [
            zip(&["svc", "svc", "common", "tools"]),
            zip(&["svc", "svc", "common"]),
            zip(&["svc", "svc", "tools"]),
            zip(&["svc", "svc"]),
            zip(&["svc", "svc"]),
        ];
        let versions: Vec<Step> = order(&plans).into_iter().skip(5).collect();
        assert_eq!(
            versions,
            [Version(3), Version(4), Version(1), Version(2), Version(0)]
        );
    }

    /// Checked against SF 3.40: an image function comes after the zip functions and its
    /// version before theirs.
    #[test]
    fn an_image_function_is_added_late_and_versioned_early() {
        let image = Plan {
            image: true,
            versioned: true,
            files: Vec::new(),
        };
        let plans = [zip(&["svc", "svc"]), image, zip(&["svc", "svc"])];
        assert_eq!(
            order(&plans),
            [
                Function(0),
                Function(2),
                Function(1),
                Version(1),
                Version(0),
                Version(2)
            ]
        );
    }
}
