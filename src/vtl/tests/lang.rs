//! Golden tests of the Velocity 1.7 language, one row per feature: (name, template, output).
//! Expected outputs are written from Velocity 1.7's grammar and runtime rules.

use crate::vtl::{Context, Template};

fn render(src: &str) -> String {
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

fn check(rows: &[(&str, &str, &str)]) {
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

#[test]
fn expressions() {
    check(&[
        (
            "string interpolation",
            "#set($n = 'W')#set($s = \"Hi $n\")$s|#set($t = 'Hi $n')$t",
            "Hi W|Hi $n",
        ),
        (
            "doubled quotes",
            "#set($a = \"say \"\"hi\"\"\")#set($b = 'it''s')$a $b",
            "say \"hi\" it's",
        ),
        (
            "backslashes are literal",
            "#set($a = \"a\\nb\\\\'\")$a",
            "a\\nb\\\\'",
        ),
        ("unicode escape", "#set($a = \"\\u0041\")$a", "A"),
        (
            "interpolated directive",
            "#set($a = \"#if(true)y#end\")[$a]",
            "[y]",
        ),
        (
            "integer arithmetic",
            "#set($q = 7 / 2)#set($r = 7 % 2)#set($m = -7 / 2)#set($p = 2 + 3 * 4)[$q|$r|$m|$p]",
            "[3|1|-3|14]",
        ),
        (
            "float arithmetic",
            "#set($f = 7.0 / 2)#set($g = 1.0 * 3)#set($h = 1e10 + 0)[$f|$g|$h]",
            "[3.5|3.0|1.0E10]",
        ),
        (
            "division by zero is null",
            "#set($z = 5)#set($z = 1 / 0)$z",
            "5",
        ),
        (
            "overflow widens",
            "#set($b = 9223372036854775807 + 1)$b",
            "9.223372036854776E18",
        ),
        ("string concatenation", "#set($s = 'a' + 1 + 2)$s", "a12"),
        (
            "concat with null uses literal",
            "#set($s = 'a' + $nope)$s",
            "a$nope",
        ),
        (
            "word operators",
            "#if(2 gt 1 and not (1 eq 2) and 1 le 1 and 2 ge 1 and 1 lt 2 and 1 ne 2)ok#end",
            "ok",
        ),
        (
            "symbol operators",
            "#if(1 < 2 && 2 <= 2 && 3 >= 2 && 1 != 2 || false)ok#end",
            "ok",
        ),
        ("or short circuit", "#if(true || $x.foo())ok#end", "ok"),
        (
            "number equals string by text",
            "#if(1 == '1')y#{else}n#end",
            "y",
        ),
        ("int equals float", "#if(2 == 2.0)y#{else}n#end", "y"),
        ("null equals null", "#if($a == $b)y#{else}n#end", "y"),
        ("string vs null", "#if('' == $b)y#{else}n#end", "n"),
        (
            "compare non-numbers is false",
            "#if('b' > 'a')y#{else}n#end",
            "n",
        ),
        ("not", "#if(!$nope)y#end", "y"),
        ("boolean set", "#set($b = 1 < 2)$b", "true"),
        (
            "map literal with variable key",
            "#set($k = 'x')#set($p = {$k: [1..3]})$p",
            "{x=[1, 2, 3]}",
        ),
        (
            "empty list and map",
            "#set($l = [])#set($p = {})$l$p",
            "[]{}",
        ),
    ]);
}

#[test]
fn java_methods() {
    check(&[
        ("length", "$s.length()", "12"),
        ("utf16 length", "$u.length() $u.substring(1, 3)", "5 él"),
        (
            "substring",
            "$s.substring(7)|$s.substring(0, 5)",
            "World|Hello",
        ),
        (
            "indexOf",
            "$s.indexOf('o') $s.lastIndexOf('o') $s.indexOf('o', 5) $s.indexOf('zz')",
            "4 8 8 -1",
        ),
        (
            "case",
            "$s.toLowerCase() $s.toUpperCase()",
            "hello, world HELLO, WORLD",
        ),
        ("replace literal", "$s.replace('l', 'L')", "HeLLo, WorLd"),
        (
            "replaceAll groups",
            "$s.replaceAll(\"(\\w+), (\\w+)\", \"$2 $1\")",
            "World Hello",
        ),
        (
            "replaceAll escaped dollar",
            "$s.replaceAll('o', '\\$')",
            "Hell$, W$rld",
        ),
        ("replaceFirst", "$s.replaceFirst('o', '0')", "Hell0, World"),
        (
            "replaceAll backslash quote",
            "#set($q = \"it\\'s\")$q.replaceAll(\"\\\\'\", \"'\")",
            "it's",
        ),
        (
            "matches whole string",
            "$s.matches('H.*d') $s.matches('ello') $s.matches('[A-Z]\\w+, \\w+')",
            "true false true",
        ),
        (
            "starts ends contains",
            "$s.startsWith('He') $s.endsWith('ld') $s.contains('lo,')",
            "true true true",
        ),
        (
            "equals",
            "$s.equals('Hello, World') $s.equalsIgnoreCase('hello, WORLD') $s.equals(1)",
            "true true false",
        ),
        (
            "isEmpty charAt concat",
            "$s.isEmpty() $s.charAt(1) $s.concat('!')",
            "false e Hello, World!",
        ),
        ("trim", "#set($t = '  x y  ')[$t.trim()]", "[x y]"),
        (
            "split drops trailing empties",
            "#set($c = 'a,b,,c,,')#set($p = $c.split(','))$p.size() $p",
            "4 [a, b, , c]",
        ),
        (
            "split keeps leading empty",
            "#set($c = ':a:b')$c.split(':')",
            "[, a, b]",
        ),
        (
            "split regex and limit",
            "#set($c = 'a1b22c')$c.split('\\d+') $c.split('\\d', 2)",
            "[a, b, c] [a, b22c]",
        ),
        (
            "split empty string",
            "#set($c = '')$c.split(',').size()",
            "1",
        ),
        (
            "split all separators",
            "#set($c = ',,,')$c.split(',').size()",
            "0",
        ),
        ("string property getter", "#set($e = '')$e.empty", "true"),
        (
            "list methods",
            "#set($l = [])#set($_ = $l.add('x'))$l.add('y') $l.size() $l.get(1) $l.contains('x') $l.isEmpty() $l",
            "true 2 y true false [x, y]",
        ),
        (
            "map methods",
            "#set($h = {'a': 1})#set($_ = $h.put('b', 2))$h.containsKey('b') $h.size() $h.values() $h.keySet() $h.isEmpty() $h.get('zz')",
            "true 2 [1, 2] [a, b] false $h.get('zz')",
        ),
        (
            "number methods",
            "#set($f = 3.7)$f.intValue() #set($i = 3)$i.doubleValue()",
            "33.0",
        ),
        ("unknown method renders literal", "$s.nope()", "$s.nope()"),
    ]);
}

#[test]
fn errors_carry_positions() {
    let cases: &[(&str, u32, &str)] = &[
        ("#if(true)x", 1, "#if without #end"),
        ("line1\n#set($a = )", 2, "unexpected"),
        ("a\n\n  #end", 3, "#end without"),
        ("$a.b(1,", 1, "unexpected end"),
        ("#foreach($i on $l)#end", 1, "expected `in`"),
        ("#* open", 1, "unterminated"),
        ("#set($a = \"$b.c(\")", 1, "unexpected end"),
    ];
    for (src, line, msg) in cases {
        let err = Template::parse(src).expect_err(src);
        assert_eq!(err.line, *line, "{src:?}: {err}");
        assert!(err.message.contains(msg), "{src:?}: {err}");
    }
    let t = Template::parse("ok\n  $s.substring(99)").unwrap();
    let err = t.render(&Context {
        variables: serde_json::from_str(r#"{"s":"x"}"#).unwrap(),
        ..Default::default()
    });
    let err = err.expect_err("substring out of range throws");
    assert_eq!((err.line, err.column), (2, 3), "{err}");
}
