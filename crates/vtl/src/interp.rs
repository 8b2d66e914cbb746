//! The interpreter: renders statements (text, references, `#set`, `#if`, `#foreach`, `#define`
//! blocks, macros, `#break`, `#stop`) against a variable table, within the render budgets.
//!
//! Expression evaluation and method dispatch are in `eval.rs` (same `Interpreter`).

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::apigw::{self, Body, Context};
use super::ast::{MacroDef, Node, Position, RefNode};
use super::value::{BlockRef, ForeachScope, Value};
use super::{Limits, VtlError};

/// Velocity's limit on nested renders of one `#define` block.
const MAX_DEFINE_DEPTH: u32 = 2;

/// How rendering of a statement list ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Normal,
    /// `#break`, optionally aimed at one scope (by id).
    Break(Option<u64>),
    Stop,
}

/// One render's state.
pub struct Interpreter<'t> {
    /// Variables (`$name`).
    pub vars: HashMap<String, Value>,
    /// The request.
    pub ctx: &'t Context,
    /// Budgets.
    pub limits: &'t Limits,
    /// Macros of the template.
    pub macros: &'t HashMap<String, Arc<MacroDef>>,
    /// The `$context` map as created (overrides are read back from it); built on first use.
    pub context_value: Value,
    /// Whether `$context` was built (a template that never names it never pays for it).
    context_built: bool,
    /// The payload `$input` reads (the context's body, or another one for this render).
    pub body_src: &'t str,
    /// Parsed body, on first use.
    pub body: Option<Body>,
    /// Work done so far.
    steps: u64,
    /// Bytes of strings built so far.
    bytes: usize,
    /// Nested render depth.
    depth: usize,
    /// Nested macro calls.
    macro_depth: usize,
    /// Next scope id.
    next_id: u64,
    /// A `#stop` was reached inside a nested render.
    stopping: bool,
}

impl<'t> Interpreter<'t> {
    /// A fresh render over `ctx`.
    pub fn new(
        ctx: &'t Context,
        body_src: &'t str,
        limits: &'t Limits,
        macros: &'t HashMap<String, Arc<MacroDef>>,
    ) -> Self {
        let mut vars = HashMap::new();
        for (k, v) in &ctx.variables {
            vars.insert(k.clone(), Value::from_json(v, false));
        }
        vars.insert("input".into(), Value::Input);
        vars.insert("util".into(), Value::Util);
        let sv = ctx
            .stage_variables
            .iter()
            .map(|(k, v)| (k.clone(), Value::str(v)))
            .collect();
        vars.insert("stageVariables".into(), Value::map(sv));
        Interpreter {
            vars,
            ctx,
            limits,
            macros,
            context_value: Value::Null,
            context_built: false,
            body_src,
            body: None,
            steps: 0,
            bytes: 0,
            depth: 0,
            macro_depth: 0,
            next_id: 1,
            stopping: false,
        }
    }

    /// The value of variable `name` (null when unset); `$context` is built on first use.
    pub fn var(&mut self, name: &str) -> Value {
        self.force(name);
        self.vars.get(name).cloned().unwrap_or(Value::Null)
    }

    /// Builds `$context` now if `name` is `context` and it was not built yet, so that saving,
    /// shadowing and restoring the variable behave as if it had been there from the start.
    pub fn force(&mut self, name: &str) {
        if name == "context" && !self.context_built {
            self.context_built = true;
            if !self.vars.contains_key(name) {
                let v = apigw::context_value(self.ctx);
                self.context_value = v.clone();
                self.vars.insert(name.to_string(), v);
            }
        }
    }

    /// Counts one unit of work.
    pub fn step(&mut self, pos: Position) -> Result<(), VtlError> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(VtlError::at(
                pos,
                format!("render budget exceeded ({} steps)", self.limits.max_steps),
            ));
        }
        Ok(())
    }

    /// Charges `n` bytes of built strings; fails past the budgets.
    pub fn charge(&mut self, n: usize, pos: Position) -> Result<(), VtlError> {
        self.bytes = self.bytes.saturating_add(n);
        if n > self.limits.max_output_bytes
            || self.bytes > self.limits.max_output_bytes.saturating_mul(8)
        {
            return Err(VtlError::at(
                pos,
                format!(
                    "output budget exceeded ({} bytes)",
                    self.limits.max_output_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Appends to an output buffer within the output limit.
    pub fn emit(&mut self, out: &mut String, s: &str, pos: Position) -> Result<(), VtlError> {
        if out.len() + s.len() > self.limits.max_output_bytes {
            return Err(VtlError::at(
                pos,
                format!(
                    "output budget exceeded ({} bytes)",
                    self.limits.max_output_bytes
                ),
            ));
        }
        self.charge(s.len(), pos)?;
        out.push_str(s);
        Ok(())
    }

    /// Empties every list and map reachable from the variables, so that reference cycles a
    /// template built (`$m.put('me', $m)`) do not outlive the render.
    pub fn teardown(&mut self) {
        let mut stack: Vec<Value> = self.vars.drain().map(|(_, v)| v).collect();
        stack.push(std::mem::replace(&mut self.context_value, Value::Null));
        while let Some(v) = stack.pop() {
            match v {
                Value::List(l) => {
                    if let Ok(mut items) = l.items.try_borrow_mut() {
                        stack.extend(std::mem::take(&mut *items));
                    }
                }
                Value::Map(m) => {
                    if let Ok(mut map) = m.try_borrow_mut() {
                        stack.extend(std::mem::take(&mut *map).into_values());
                    }
                }
                Value::Entry(e) => stack.push(e.1.clone()),
                _ => {}
            }
        }
    }

    /// A new scope id.
    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Renders a statement list.
    pub fn render(
        &mut self,
        nodes: &[Node],
        out: &mut String,
        pos: Position,
    ) -> Result<Flow, VtlError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            self.depth -= 1;
            return Err(VtlError::at(pos, "rendering nested too deeply"));
        }
        let r = self.render_inner(nodes, out);
        self.depth -= 1;
        r
    }

    fn render_inner(&mut self, nodes: &[Node], out: &mut String) -> Result<Flow, VtlError> {
        for node in nodes {
            let flow = self.node(node, out)?;
            if self.stopping {
                return Ok(Flow::Stop);
            }
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn node(&mut self, node: &Node, out: &mut String) -> Result<Flow, VtlError> {
        match node {
            Node::Text(t) => self.emit(out, t, Position::default())?,
            Node::Ref(r) => self.render_ref(r, out)?,
            Node::Set { target, value, pos } => {
                self.step(*pos)?;
                let v = self.eval(value)?;
                if !v.is_null() {
                    self.assign(target, v)?;
                }
            }
            Node::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    if self.truthy(cond)? {
                        return self.render(body, out, Position::default());
                    }
                }
                if let Some(body) = otherwise {
                    return self.render(body, out, Position::default());
                }
            }
            Node::Foreach {
                var,
                iterable,
                body,
                pos,
            } => return self.foreach(var, iterable, body, *pos, out),
            Node::Define { name, body } => {
                let id = self.id();
                let block = BlockRef {
                    name: name.clone(),
                    body: body.clone(),
                    depth: 0.into(),
                    id,
                };
                self.vars.insert(name.clone(), Value::Block(Rc::new(block)));
            }
            Node::MacroDef => {}
            Node::MacroCall {
                name,
                args,
                source,
                pos,
            } => match self.macros.get(name).cloned() {
                Some(def) => return self.call_macro(&def, args, *pos, out),
                None => self.emit(out, source, *pos)?,
            },
            Node::Break { scope } => {
                let target = match scope {
                    Some(e) => match self.eval(e)? {
                        Value::Foreach(s) => Some(s.id),
                        Value::Block(b) => Some(b.id),
                        _ => None,
                    },
                    None => None,
                };
                return Ok(Flow::Break(target));
            }
            Node::Stop => {
                self.stopping = true;
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Normal)
    }

    /// Renders a reference with Velocity's escape and null rules.
    fn render_ref(&mut self, rn: &RefNode, out: &mut String) -> Result<(), VtlError> {
        let r = &rn.reference;
        let value = self.eval_ref(r)?;
        let prefix = "\\".repeat(rn.backslashes / 2);
        if rn.backslashes % 2 == 1 {
            let text = if value.is_null() {
                format!("{prefix}\\{}", r.literal)
            } else {
                format!("{prefix}{}", r.literal)
            };
            return self.emit(out, &text, r.pos);
        }
        let shown = match &value {
            Value::Null => None,
            Value::Block(b) => {
                let b = b.clone();
                if self.render_block(&b, out, r.pos)? {
                    return Ok(());
                }
                None
            }
            v => Some(v.java_string()),
        };
        match shown {
            Some(s) => {
                self.emit(out, &prefix, r.pos)?;
                self.emit(out, &s, r.pos)
            }
            None => {
                self.emit(out, &prefix, r.pos)?;
                self.emit(out, &prefix, r.pos)?;
                // API Gateway renders unset `$context` / `$stageVariables` values as empty.
                let lenient = matches!(r.root.as_str(), "context" | "stageVariables");
                if !r.quiet && !lenient {
                    self.emit(out, &r.literal, r.pos)?;
                }
                Ok(())
            }
        }
    }

    /// Renders a `#define` block into `out`; false when Velocity's depth limit stops it.
    pub fn render_block(
        &mut self,
        b: &Rc<BlockRef>,
        out: &mut String,
        pos: Position,
    ) -> Result<bool, VtlError> {
        if b.depth.get() >= MAX_DEFINE_DEPTH {
            return Ok(false);
        }
        self.step(pos)?;
        b.depth.set(b.depth.get() + 1);
        let flow = self.render(&b.body, out, pos);
        b.depth.set(b.depth.get() - 1);
        flow?;
        Ok(true)
    }

    /// Renders a block to a string (None past the depth limit).
    pub fn block_string(
        &mut self,
        b: &Rc<BlockRef>,
        pos: Position,
    ) -> Result<Option<String>, VtlError> {
        let mut s = String::new();
        Ok(self.render_block(b, &mut s, pos)?.then_some(s))
    }

    /// Replaces a block value by its rendering (for `#set`, arguments and comparisons).
    pub fn resolve_block(&mut self, v: Value, pos: Position) -> Result<Value, VtlError> {
        match v {
            Value::Block(b) => Ok(self.block_string(&b, pos)?.map_or(Value::Null, Value::str)),
            v => Ok(v),
        }
    }

    fn foreach(
        &mut self,
        var: &str,
        iterable: &super::ast::Expr,
        body: &[Node],
        pos: Position,
        out: &mut String,
    ) -> Result<Flow, VtlError> {
        let items: Vec<Value> = match self.eval(iterable)? {
            Value::List(l) => l.items.try_borrow().map(|i| i.clone()).unwrap_or_default(),
            Value::Map(m) => m
                .try_borrow()
                .map(|m| m.values().cloned().collect())
                .unwrap_or_default(),
            _ => return Ok(Flow::Normal),
        };
        self.force(var);
        let saved: Vec<(&str, Option<Value>)> =
            ["foreach", "velocityCount", "velocityHasNext", var]
                .into_iter()
                .map(|k| (k, self.vars.get(k).cloned()))
                .collect();
        let parent = self.vars.get("foreach").cloned().unwrap_or(Value::Null);
        let id = self.id();
        let scope = Rc::new(ForeachScope {
            index: (-1).into(),
            has_next: false.into(),
            parent,
            id,
        });
        self.vars
            .insert("foreach".into(), Value::Foreach(scope.clone()));
        let n = items.len();
        let mut result = Ok(Flow::Normal);
        for (i, item) in items.into_iter().enumerate() {
            if let Err(e) = self.step(pos) {
                result = Err(e);
                break;
            }
            self.vars
                .insert("velocityCount".into(), Value::Int(i as i64 + 1));
            self.vars
                .insert("velocityHasNext".into(), Value::Bool(i + 1 < n));
            if item.is_null() {
                self.vars.remove(var);
            } else {
                self.vars.insert(var.to_string(), item);
            }
            scope.index.set(i as i64);
            scope.has_next.set(i + 1 < n);
            match self.render(body, out, pos) {
                Ok(Flow::Normal) => {}
                Ok(Flow::Break(None)) => break,
                Ok(Flow::Break(Some(t))) if t == id => break,
                other => {
                    result = other;
                    break;
                }
            }
        }
        for (k, v) in saved {
            match v {
                Some(v) => self.vars.insert(k.to_string(), v),
                None => self.vars.remove(k),
            };
        }
        result
    }

    fn call_macro(
        &mut self,
        def: &MacroDef,
        args: &[super::ast::Expr],
        pos: Position,
        out: &mut String,
    ) -> Result<Flow, VtlError> {
        if self.macro_depth >= self.limits.max_macro_depth {
            return Err(VtlError::at(
                pos,
                format!(
                    "macro #{} exceeds the calling depth of {}",
                    def.name, self.limits.max_macro_depth
                ),
            ));
        }
        self.step(pos)?;
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            values.push(self.eval(a)?);
        }
        for p in &def.params {
            self.force(p);
        }
        let saved: Vec<(String, Option<Value>)> = def
            .params
            .iter()
            .map(|p| (p.clone(), self.vars.get(p).cloned()))
            .collect();
        for (i, p) in def.params.iter().enumerate() {
            match values.get(i) {
                Some(v) if !v.is_null() => self.vars.insert(p.clone(), v.clone()),
                _ => self.vars.remove(p),
            };
        }
        self.macro_depth += 1;
        let flow = self.render(&def.body, out, pos);
        self.macro_depth -= 1;
        for (k, v) in saved {
            match v {
                Some(v) => self.vars.insert(k, v),
                None => self.vars.remove(&k),
            };
        }
        flow
    }
}
