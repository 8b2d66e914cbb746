//! The `AWS::ApiGateway::Resource` tree (SF v3 `lib/resources.js`): one resource per distinct
//! path prefix, depth first in order of appearance, except the parts of the tree that
//! `restApiResources` already provides (the tree is cut there, as SF does).

use super::Api;
use crate::cfn::Ctx;
use crate::cfn::value::{obj, reference};
use crate::ir::naming::{normalize_path, resource_logical_id};
use indexmap::IndexMap;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// Path → resource id and name, as the methods see them.
#[derive(Default)]
pub struct Paths {
    map: IndexMap<String, PathInfo>,
    root: Value,
}

struct PathInfo {
    resource_id: Value,
    name: String,
}

impl Paths {
    pub fn resource_id(&self, path: &str) -> Value {
        match self.map.get(path) {
            Some(p) if !path.is_empty() => p.resource_id.clone(),
            _ => self.root.clone(),
        }
    }

    pub fn name(&self, path: &str) -> String {
        match self.map.get(path) {
            Some(p) if !path.is_empty() => p.name.clone(),
            _ if path.is_empty() => String::new(),
            _ => normalize_path(path),
        }
    }
}

#[derive(Clone)]
struct Node {
    path: String,
    part: String,
    parent: Option<usize>,
    children: Vec<usize>,
    level: usize,
    resource_id: Option<Value>,
    has_method: bool,
    is_cut: bool,
}

#[derive(Default)]
struct Forest {
    nodes: Vec<Node>,
    trees: Vec<usize>,
    /// Root path → its tree (the first one with that path).
    tree_by_path: HashMap<String, usize>,
    predefined: Vec<usize>,
    /// The paths of `predefined` (each listed once).
    predefined_paths: HashSet<String>,
    methods: Vec<usize>,
    /// The paths of `methods` (each listed once).
    method_paths: HashSet<String>,
}

impl Forest {
    fn apply(&mut self, path: &str, resource_id: Option<&Value>, is_method: bool) {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let parts: Vec<&str> = path.split('/').collect();
        let last = parts.len().saturating_sub(1);
        let mut root: Option<usize> = None;
        let mut parent: Option<usize> = None;
        let mut current = String::new();
        for (index, part) in parts.iter().enumerate() {
            current = if current.is_empty() {
                (*part).to_owned()
            } else {
                format!("{current}/{part}")
            };
            if root.is_none() {
                root = self.tree_by_path.get(&current).copied();
            }
            if parent.is_none() {
                parent = root;
            }
            let existing = parent.and_then(|p| {
                if self.nodes[p].path == current {
                    Some(p)
                } else {
                    self.nodes[p]
                        .children
                        .iter()
                        .copied()
                        .find(|&c| self.nodes[c].path == current)
                }
            });
            let node = match existing {
                Some(n) => n,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node {
                        path: current.clone(),
                        part: (*part).to_owned(),
                        parent,
                        children: Vec::new(),
                        level: index,
                        resource_id: None,
                        has_method: false,
                        is_cut: false,
                    });
                    if let Some(p) = parent {
                        self.nodes[p].children.push(n);
                    }
                    if root.is_none() {
                        root = Some(n);
                        self.trees.push(n);
                        self.tree_by_path.entry(current.clone()).or_insert(n);
                    }
                    n
                }
            };
            if index == last {
                if let Some(id) = resource_id {
                    self.nodes[node].resource_id = Some(id.clone());
                    if self.predefined_paths.insert(current.clone()) {
                        self.predefined.push(node);
                    }
                }
                if is_method && !self.nodes[node].has_method {
                    self.nodes[node].has_method = true;
                    if self.method_paths.insert(current.clone()) {
                        self.methods.push(node);
                    }
                }
            }
            parent = Some(node);
        }
    }

    fn cut_branch(&mut self, node: usize) {
        let Some(p) = self.nodes[node].parent else {
            return;
        };
        if self.nodes[p].children.len() <= 1 {
            self.nodes[p].children.clear();
        } else {
            let path = self.nodes[node].path.clone();
            let nodes = &self.nodes;
            let kept: Vec<usize> = nodes[p]
                .children
                .iter()
                .copied()
                .filter(|&c| nodes[c].path != path)
                .collect();
            self.nodes[p].children = kept;
            self.nodes[p].is_cut = true;
        }
        self.nodes[node].parent = None;
    }

    /// The trees that remain once the branches `restApiResources` provides are cut off.
    fn validated_trees(&mut self) -> Vec<usize> {
        let mut sorted = self.predefined.clone();
        sorted.sort_by_key(|&n| self.nodes[n].level);
        for &node in sorted.iter().rev() {
            let mut cur = node;
            while let Some(p) = self.nodes[cur].parent {
                if self.nodes[p].resource_id.is_some() || self.nodes[p].children.len() > 1 {
                    self.cut_branch(cur);
                    break;
                }
                cur = p;
            }
        }
        let mut trees: Vec<usize> = Vec::new();
        for node in self.methods.clone() {
            let mut iter = node;
            loop {
                if self.nodes[iter].resource_id.is_some() {
                    self.cut_branch(iter);
                    if trees
                        .iter()
                        .all(|&t| self.nodes[t].path != self.nodes[node].path)
                    {
                        trees.push(iter);
                    }
                    break;
                }
                // SF throws "Resource ID for path … is required" here; validation reports it.
                if self.nodes[iter].is_cut
                    || (self.nodes[iter].parent.is_none() && self.nodes[iter].level > 0)
                {
                    break;
                }
                match self.nodes[iter].parent {
                    None => {
                        trees.push(iter);
                        break;
                    }
                    Some(p) => iter = p,
                }
            }
        }
        trees
    }

    /// Depth first: node, then its children.
    fn flatten(&self, trees: &[usize]) -> IndexMap<String, usize> {
        let mut out = IndexMap::new();
        let mut stack: Vec<usize> = trees.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.entry(self.nodes[n].path.clone()).or_insert(n);
            stack.extend(self.nodes[n].children.iter().rev().copied());
        }
        out
    }
}

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    let a = &cx.svc.api;
    let root = a
        .rest_api_root_resource_id
        .clone()
        .filter(|_| a.rest_api_id.is_some())
        .unwrap_or_else(|| json!({"Fn::GetAtt": [super::REST_API, "RootResourceId"]}));
    let mut forest = Forest::default();
    for (path, id) in &a.rest_api_resources {
        forest.apply(path, Some(id), false);
    }
    for e in api.events {
        if !e.path.is_empty() {
            forest.apply(&e.path, None, true);
        }
    }
    let mut paths = Paths {
        map: IndexMap::new(),
        root: root.clone(),
    };

    if !forest.predefined.is_empty()
        && api
            .events
            .iter()
            .all(|e| forest.predefined_paths.contains(&e.path))
    {
        for (path, id) in &a.rest_api_resources {
            let path = path
                .trim_start_matches('/')
                .trim_end_matches('/')
                .to_owned();
            let name = normalize_path(&path);
            paths.map.insert(
                path,
                PathInfo {
                    resource_id: id.clone(),
                    name,
                },
            );
        }
        api.paths = paths;
        return;
    }
    let trees = if forest.predefined.is_empty() {
        forest.trees.clone()
    } else {
        forest.validated_trees()
    };
    let order = forest.flatten(&trees);
    // Resource ids as assigned so far, by node (parents come before their children).
    let mut ids: Vec<Option<Value>> = forest.nodes.iter().map(|n| n.resource_id.clone()).collect();
    for (path, &n) in &order {
        let node = &forest.nodes[n];
        let name = normalize_path(path);
        if let Some(id) = &node.resource_id {
            paths.map.insert(
                path.clone(),
                PathInfo {
                    resource_id: id.clone(),
                    name,
                },
            );
            continue;
        }
        let logical_id = resource_logical_id(&name);
        let parent_ref = node
            .parent
            .and_then(|p| ids[p].clone())
            .unwrap_or_else(|| root.clone());
        let resource_id = reference(logical_id.as_str());
        ids[n] = Some(resource_id.clone());
        let properties = obj([
            ("ParentId", parent_ref),
            ("PathPart", node.part.as_str().into()),
            ("RestApiId", api.rest_api_id.clone()),
        ]);
        cx.merge_resource(
            &logical_id,
            obj([
                ("Type", "AWS::ApiGateway::Resource".into()),
                ("Properties", properties),
            ]),
        );
        paths
            .map
            .insert(path.clone(), PathInfo { resource_id, name });
    }
    api.paths = paths;
}
