//! Golden tests of expressions (operators, literals, interpolation, Java arithmetic) and of the
//! Java methods templates call on strings, lists, maps and numbers; parse errors' positions.

use super::lang::check;
use crate::{Context, Template};

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
        ("#define( \u{502} )x#end", 1, "simple $reference"),
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
