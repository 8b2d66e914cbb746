//! Golden tests of the Velocity 1.7 language, one row per feature: (name, template, output).
//! Expected outputs are written from Velocity 1.7's grammar and runtime rules.

use crate::{Context, Template};

pub(super) fn render(src: &str) -> String {
    let ctx = Context {
        variables: serde_json::from_str(
            r#"{"m": {"a": {"b": 1}}, "s": "Hello, World", "u": "héllo"}"#,
        )
        .unwrap(),
        ..Context::default()
    };
    match Template::parse(src) {
        Ok(t) => t
            .render(&ctx)
            .unwrap_or_else(|e| format!("<render error {e}>")),
        Err(e) => format!("<parse error {e}>"),
    }
}

pub(super) fn check(rows: &[(&str, &str, &str)]) {
    let mut failures = Vec::new();
    for (name, src, want) in rows {
        let got = render(src);
        if got != *want {
            failures.push(format!(
                "{name}: template {src:?}\n   want {want:?}\n   got  {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn references() {
    check(&[
        ("text passthrough", "hello, world", "hello, world"),
        ("undefined renders literally", "a $x b", "a $x b"),
        ("undefined formal renders literally", "${x}y", "${x}y"),
        ("silent undefined is empty", "a $!x b$!{y}c", "a  bc"),
        ("formal", "#set($x = 1)${x}y", "1y"),
        ("properties", "$m.a.b", "1"),
        (
            "missing property renders whole literal",
            "$m.a.zz!",
            "$m.a.zz!",
        ),
        ("methods", "$m.get('a').get(\"b\")", "1"),
        ("list index", "#set($l = [1, 2])$l[0]-$l[1]", "1-2"),
        ("negative index", "#set($l = [1, 2])$l[-1]", "2"),
        ("map index", "#set($k = {'k': 'v'})$k[\"k\"]", "v"),
        ("dot without letter ends reference", "$m.a.b.5", "1.5"),
        ("hyphen belongs to identifiers", "#set($a-b = 1)$a-b", "1"),
        ("lone dollar is text", "cost $ 5 and $5", "cost $ 5 and $5"),
        ("escaped defined", "#set($x = 1)\\$x", "$x"),
        ("escaped undefined keeps backslash", "\\$y", "\\$y"),
        ("double backslash then value", "#set($x = 1)\\\\$x", "\\1"),
        ("escaped silent undefined", "\\$!y", "\\$!y"),
        (
            "null method result renders literal",
            "#set($h = {})$h.put('a', 1)|$h",
            "$h.put('a', 1)|{a=1}",
        ),
        (
            "list printing",
            "#set($l = [1, 'two', true, 1.5])$l",
            "[1, two, true, 1.5]",
        ),
        (
            "map printing",
            "#set($p = {'a': 1, 'b': [1, 2], 'c': {}})$p",
            "{a=1, b=[1, 2], c={}}",
        ),
    ]);
}

#[test]
fn directives() {
    check(&[
        ("set and use", "#set($a = 'v')$a", "v"),
        (
            "set map key",
            "#set($h = {})#set($h.key = 'v')$h.key $h",
            "v {key=v}",
        ),
        (
            "set map by index",
            "#set($h = {})#set($h['k'] = 2)$h",
            "{k=2}",
        ),
        (
            "set null keeps old value",
            "#set($a = 'old')#set($a = $nothing)$a",
            "old",
        ),
        (
            "if elseif else",
            "#set($n = 2)#if($n == 1)one#elseif($n == 2)two#{else}other#end",
            "two",
        ),
        ("else branch", "#if($nope)yes#{else}no#end", "no"),
        (
            "empty string is true",
            "#set($e = '')#if($e)yes#{else}no#end",
            "yes",
        ),
        ("literals are not conditions", "#if('x')a#{else}b#end", "b"),
        (
            "false variable",
            "#set($f = false)#if($f)a#elseif(!$f)b#end",
            "b",
        ),
        (
            "foreach hasNext",
            "#foreach($i in [1, 2, 3])$i#if($foreach.hasNext),#end#end",
            "1,2,3",
        ),
        (
            "foreach counters",
            "#foreach($i in ['a', 'b'])$foreach.index:$foreach.count:$velocityCount #end",
            "0:1:1 1:2:2 ",
        ),
        (
            "foreach first last",
            "#foreach($i in [1, 2])$foreach.first/$foreach.last;#end",
            "true/false;false/true;",
        ),
        (
            "velocityHasNext",
            "#foreach($i in [1, 2])$i#if($velocityHasNext)+#end#end",
            "1+2",
        ),
        (
            "foreach keySet",
            "#set($h = {'a': 1, 'b': 2})#foreach($k in $h.keySet())$k=$h.get($k);#end",
            "a=1;b=2;",
        ),
        (
            "foreach entrySet",
            "#set($h = {'a': 1, 'b': 2})#foreach($e in $h.entrySet())$e.key:$e.value $e|#end",
            "a:1 a=1|b:2 b=2|",
        ),
        (
            "foreach over map values",
            "#set($h = {'a': 1, 'b': 2})#foreach($v in $h)$v#end",
            "12",
        ),
        ("foreach over null", "#foreach($v in $nothing)x#end.", "."),
        (
            "loop variable restored",
            "#set($i = 'kept')#foreach($i in [1])$i#end$i",
            "1kept",
        ),
        (
            "nested parent",
            "#foreach($a in [1, 2])#foreach($b in ['x'])$foreach.parent.index$b#end#end",
            "0x1x",
        ),
        (
            "break",
            "#foreach($i in [1..5])#if($i == 3)#break#end$i#end",
            "12",
        ),
        (
            "break outer scope",
            "#foreach($a in [1, 2])#foreach($b in [1, 2])$a$b #break($foreach.parent)#end#end.",
            "11 .",
        ),
        ("stop", "a#stop b", "a"),
        ("range descending", "#foreach($i in [3..1])$i#end", "321"),
        (
            "define is lazy",
            "#define($blk)v=$v#end#set($v = 1)$blk #set($v = 2)$blk",
            "v=1v=2",
        ),
        (
            "define before use only",
            "$blk#define($blk)x#end$blk",
            "$blkx",
        ),
        ("define recursion stops", "#define($r)[$r]#end$r", "[[$r]]"),
        (
            "macro",
            "#macro(greet $who)Hi $who!#end#greet('Bob') #greet(\"Ann\")",
            "Hi Bob! Hi Ann!",
        ),
        (
            "unknown directive is text",
            "color: #fff; #1 #foo(1)",
            "color: #fff; #1 #foo(1)",
        ),
        ("line comment", "a## comment\nb", "ab"),
        ("block comments", "a#* x\ny *#b#** doc *#c", "abc"),
        ("unparsed block", "#[[ $x #if( ]]#", " $x #if( "),
        (
            "escaped directives",
            "\\#set($a = 1) \\#if \\#foo",
            "#set($a = 1) #if \\#foo",
        ),
        ("braced directives", "#{if}(true)y#{else}n#{end}", "y"),
    ]);
}

#[test]
fn whitespace() {
    check(&[
        ("set line vanishes", "#set($a = 1)\n$a\n", "1\n"),
        (
            "set after text keeps indentation",
            "x\n  #set($b = 2)\n$b",
            "x\n  2",
        ),
        (
            "set at line start after directive loses indentation",
            "#if(true)\n  #set($b = 2)\n$b#end",
            "2",
        ),
        (
            "set after reference eats blanks",
            "#set($a = 1)$a   #set($b = 2)$b",
            "12",
        ),
        (
            "if block lines vanish",
            "#if(true)\nyes\n#end\nafter",
            "yes\nafter",
        ),
        (
            "indented if keeps leading blanks",
            "  #if(true)\n  yes\n  #end\n.",
            "    yes\n  .",
        ),
        (
            "else and end eat trailing blanks",
            "#if(false)\na\n#else   \nb\n#end  \nc",
            "b\nc",
        ),
        (
            "directive without newline keeps text",
            "#if(true) a #end b",
            " a  b",
        ),
        (
            "foreach lines",
            "#foreach($i in [1, 2])\n$i\n#end\n",
            "1\n2\n",
        ),
        ("comment eats its newline", "a ## note\nb", "a b"),
        (
            "crlf",
            "#set($a = 1)\r\n$a\r\n#if(true)\r\nx\r\n#end\r\n",
            "1\r\nx\r\n",
        ),
    ]);
}
