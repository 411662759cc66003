"""The configurations of the differential suite (tests/terraform/test_differential.py).

Each case is one small file in a batch directory: an `output` named after the case (or a
`terraform_data` resource whose `input` is compared), plus any blocks it needs, every name prefixed
by the case's name. A batch directory is planned once by the real Terraform; a case where Terraform
refuses the configuration has a directory of its own (one error fails a whole plan).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str
    expr: str | None = None  # output "<name>" { value = <expr> }; None: decls declare what is compared
    decls: str = ""  # other blocks of the case's file (variables, locals, resources), names prefixed
    via: str = "output"  # "output" | "resource": compared as terraform_data.<name>'s input
    sensitive: bool = False  # the output is declared sensitive = true

    def file_text(self) -> str:
        parts = [textwrap.dedent(self.decls).strip("\n")] if self.decls else []
        if self.expr is not None:
            if self.via == "resource":
                parts.append(f'resource "terraform_data" "{self.name}" {{\n  input = {self.expr}\n}}')
            else:
                flag = "\n  sensitive = true" if self.sensitive else ""
                parts.append(f'output "{self.name}" {{\n  value = {self.expr}{flag}\n}}')
        return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class Batch:
    """One directory planned once: the cases' files, extra files (tfvars...), and -var-file runs."""

    name: str
    cases: tuple[Case, ...]
    files: dict[str, str] = field(default_factory=dict)
    var_files: tuple[str, ...] = ()  # passed in order, as -var-file (relative to the directory)


def _expressions(prefix: str, rows: list[tuple[str, str]]) -> list[Case]:
    return [Case(f"{prefix}_{name}", expr) for name, expr in rows]


# -- values every expression case may use (shared.tf of the main batch) ----------------------------

SHARED = r"""
locals {
  s_list   = ["a", "b", "c"]
  s_nums   = [3, 1, 2]
  s_map    = { a = 1, b = 2 }
  s_smap   = { x = "1", y = "two" }
  s_objs   = [{ name = "x", size = 1, tags = ["p"] }, { name = "y", size = 2, tags = ["q", "r"] }]
  s_nested = { a = { b = { c = "deep" } } }
  s_empty  = []
  s_null   = null
  s_str    = "Hello World"
  s_multi  = "line1\nline2\n"
}

variable "s_typed_list" {
  type    = list(string)
  default = []
}

variable "s_typed_map" {
  type    = map(string)
  default = {}
}
"""

# -- functions -------------------------------------------------------------------------------------

STRING_FUNCTIONS = [
    ("format_s", r'format("%s-%s", "a", 1)'),
    ("format_d", r'format("%d", 42)'),
    ("format_05d", r'format("%05d", 42)'),
    ("format_neg_05d", r'format("%05d", -42)'),
    ("format_plus_d", r'format("%+d", 5)'),
    ("format_2f", r'format("%.2f", 1000 / 60)'),
    ("format_f", r'format("%f", 1.5)'),
    ("format_0f", r'format("%.0f", 2.5)'),
    ("format_8_3f", r'format("%8.3f", 3.14159)'),
    ("format_e", r'format("%e", 123456.789)'),
    ("format_g", r'format("%g", 0.000012345)'),
    ("format_x", r'format("%x", 255)'),
    ("format_X", r'format("%X", 255)'),
    ("format_o", r'format("%o", 8)'),
    ("format_b", r'format("%b", 5)'),
    ("format_q", r'format("%q", "a\"b")'),
    ("format_t", r'format("%t", true)'),
    ("format_v_str", r'format("%v", "x")'),
    ("format_v_num", r'format("%v", 1.5)'),
    ("format_v_bool", r'format("%v", false)'),
    ("format_v_list", r'format("%v", ["a", 1])'),
    ("format_pct", r'format("100%%")'),
    ("format_width_s", r'format("[%6s]", "ab")'),
    ("format_left_s", r'format("[%-6s]", "ab")'),
    ("format_prec_s", r'format("%.2s", "abcdef")'),
    ("format_explicit", r'format("%[2]s %[1]s", "a", "b")'),
    ("format_s_num", r'format("%s", 2.5)'),
    ("format_s_bool", r'format("%s", true)'),
    ("format_d_strnum", r'format("%d", "7")'),
    ("format_s_float_int", r'format("%s", 10 / 2)'),
    ("formatlist_one", r'formatlist("%s!", ["a", "b"])'),
    ("formatlist_two", r'formatlist("%s=%d", ["a", "b"], [1, 2])'),
    ("formatlist_scalar", r'formatlist("%s-%s", "x", ["a", "b"])'),
    ("lower", r'lower("HeLLo")'),
    ("lower_unicode", r'lower("ÀÉÎ")'),
    ("upper", r'upper("hello")'),
    ("upper_unicode", r'upper("straße")'),
    ("title", r'title("hello world")'),
    ("title_mixed", r'title("hello-world foo_bar 1st")'),
    ("title_upper", r'title("HELLO wORLD")'),
    ("trimspace", r'trimspace("  \t hi \n ")'),
    ("trim", r'trim("?!hello?!", "!?")'),
    ("trim_space", r'trim("  x  ", " ")'),
    ("trimprefix", r'trimprefix("helloworld", "hello")'),
    ("trimprefix_none", r'trimprefix("helloworld", "world")'),
    ("trimsuffix", r'trimsuffix("helloworld", "world")'),
    ("chomp", r'chomp("hello\n")'),
    ("chomp_many", r'chomp("hello\n\n\r\n")'),
    ("chomp_none", r'chomp("hello")'),
    ("replace_plain", r'replace("1 + 2 + 3", "+", "-")'),
    ("replace_regex", r'replace("hello world", "/o/", "0")'),
    ("replace_regex_group", r'replace("hello", "/(l+)/", "[$1]")'),
    ("replace_regex_named", r'replace("a1b22", "/(?P<d>\\d+)/", "<$${d}>")'),
    ("replace_regex_anchor", r'replace("abc", "/^a/", "A")'),
    ("replace_regex_dollar_x", r'replace("abc", "/(b)/", "$1x")'),
    ("replace_regex_dollar_brace", r'replace("abc", "/(b)/", "$${1}x")'),
    ("replace_regex_dollar_dollar", r'replace("abc", "/(b)/", "$$$$1")'),
    ("replace_regex_missing_group", r'replace("abc", "/(b)/", "[$2]")'),
    ("replace_regex_missing_name", r'replace("abc", "/(?P<x>b)/", "[$${y}]")'),
    ("replace_empty", r'replace("abc", "", "-")'),
    ("split", r'split(",", "a,b,,c")'),
    ("split_empty", r'split(",", "")'),
    ("split_multi", r'split("::", "a::b")'),
    ("split_none", r'split(",", "abc")'),
    ("join", r'join("-", ["a", "b", "c"])'),
    ("join_numbers", r'join(",", [1, 2.5, true])'),
    ("join_two_lists", r'join(",", ["a"], ["b", "c"])'),
    ("join_empty", r'join(",", [])'),
    ("substr", r'substr("hello world", 1, 4)'),
    ("substr_neg_len", r'substr("hello world", 6, -1)'),
    ("substr_neg_offset", r'substr("hello", -3, 2)'),
    ("substr_unicode", r'substr("héllo", 1, 3)'),
    ("substr_past", r'substr("hello", 2, 100)'),
    ("strrev", r'strrev("hello")'),
    ("strrev_unicode", r'strrev("héllo")'),
    ("startswith", r'startswith("hello", "he")'),
    ("startswith_no", r'startswith("hello", "lo")'),
    ("endswith", r'endswith("hello", "lo")'),
    ("indent", r'indent(2, "a\nb\nc")'),
    ("indent_trailing", r'indent(4, "a\n\nb\n")'),
    ("regex_plain", r'regex("[a-z]+", "123abc456")'),
    ("regex_groups", r'regex("(\\d+)-(\\d+)", "tel 12-34")'),
    ("regex_named", r'regex("(?P<year>\\d{4})-(?P<month>\\d{2})", "2024-05-01")'),
    ("regex_optional_group", r'regex("a(x)?b", "ab")'),
    ("regex_flags", r'regex("(?i)HELLO", "say hello")'),
    ("regexall", r'regexall("[a-z]+", "1a22bb333ccc")'),
    ("regexall_groups", r'regexall("(\\w)=(\\d)", "a=1 b=2")'),
    ("regexall_none", r'regexall("z", "abc")'),
    ("regexall_count", r'length(regexall("o", "foo boo"))'),
    ("strcontains", r'strcontains("hello", "ell")'),
    ("sha512", r'sha512("abc")'),
    ("base64sha256", r'base64sha256("abc")'),
    ("urlencode", r'urlencode("a b&c=d/é")'),
]

COLLECTION_FUNCTIONS = [
    ("length_list", r"length(local.s_list)"),
    ("length_map", r"length(local.s_map)"),
    ("length_str", r'length("hello")'),
    ("length_unicode", r'length("héllo")'),
    ("length_combining", 'length("e\u0301")'),
    ("length_emoji_zwj", 'length("\U0001F469\u200d\U0001F4BB")'),
    ("length_flags", 'length("\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA")'),
    ("length_skin_tone", 'length("\U0001F44D\U0001F3FD!")'),
    ("length_zwj_between_letters", 'length("a\u200db")'),
    ("substr_combining", 'substr("e\u0301tude", 0, 2)'),
    ("strrev_combining", 'strrev("e\u0301a")'),
    ("length_empty", r"length([])"),
    ("merge_maps", r"merge(local.s_map, { c = 3 })"),
    ("merge_override", r"merge({ a = 1, b = 2 }, { b = 3 })"),
    ("merge_objects", r'merge({ a = "x" }, { b = 1 })'),
    ("merge_null", r"merge(null, { a = 1 })"),
    ("merge_none", r"merge()"),
    ("merge_three", r"merge({ a = 1 }, { b = 2 }, { a = 3 })"),
    ("lookup_hit", r'lookup(local.s_map, "a", 0)'),
    ("lookup_miss", r'lookup(local.s_map, "z", 0)'),
    ("lookup_nodefault", r'lookup({ a = "x" }, "a")'),
    ("concat", r'concat(["a"], ["b", "c"])'),
    ("concat_mixed", r'concat(["a"], [1])'),
    ("concat_empty", r"concat([], [])"),
    ("coalesce_str", r'coalesce("", "b", "c")'),
    ("coalesce_null", r'coalesce(null, "x")'),
    ("coalesce_num", r"coalesce(null, 1, 2)"),
    ("coalesce_mixed", r'coalesce(1, "a")'),
    ("coalescelist", r'coalescelist([], ["a"], ["b"])'),
    ("coalescelist_first", r"coalescelist([1], [2])"),
    ("tomap", r'tomap({ a = "x", b = "y" })'),
    ("tomap_numbers", r"tomap({ a = 1, b = 2 })"),
    ("tomap_mixed", r'tomap({ a = 1, b = "x" })'),
    ("tolist", r'tolist(["a", "b"])'),
    ("tolist_mixed", r'tolist([1, "a"])'),
    ("tolist_set", r'tolist(toset(["b", "a"]))'),
    ("toset_strings", r'toset(["b", "a", "b"])'),
    ("toset_numbers", r"toset([3, 1, 2, 1])"),
    ("toset_mixed", r'toset([1, "1", "a"])'),
    ("toset_bools", r"toset([true, false, true])"),
    ("distinct", r'distinct(["b", "a", "b", "c", "a"])'),
    ("distinct_numbers", r"distinct([1, 2, 1, 3])"),
    ("setunion", r'setunion(["a", "b"], ["b", "c"])'),
    ("setunion_numbers", r"setunion([3, 1], [2, 1])"),
    ("setintersection", r'setintersection(["a", "b", "c"], ["b", "c", "d"])'),
    ("setintersection_three", r"setintersection([1, 2, 3], [2, 3], [3])"),
    ("setsubtract", r'setsubtract(["a", "b", "c"], ["b"])'),
    ("setproduct", r'setproduct(["a", "b"], ["x", "y"])'),
    ("setproduct_three", r"setproduct([1, 2], [3], [4, 5])"),
    ("setproduct_empty", r'setproduct(["a"], [])'),
    ("setproduct_sets", r'setproduct(toset(["b", "a"]), toset(["y", "x"]))'),
    ("contains_yes", r'contains(local.s_list, "b")'),
    ("contains_no", r'contains(local.s_list, "z")'),
    ("contains_numbers", r"contains([1, 2], 2)"),
    ("contains_set", r'contains(toset(["a"]), "a")'),
    ("keys", r"keys({ b = 1, a = 2 })"),
    ("keys_empty", r"keys({})"),
    ("values", r"values({ b = 1, a = 2 })"),
    ("element", r"element(local.s_list, 1)"),
    ("element_wrap", r"element(local.s_list, 4)"),
    ("index", r'index(local.s_list, "c")'),
    ("slice", r'slice(["a", "b", "c", "d"], 1, 3)'),
    ("slice_empty", r'slice(["a", "b"], 1, 1)'),
    ("flatten", r'flatten([["a", "b"], [], ["c", ["d"]]])'),
    ("flatten_objs", r"flatten([[{ a = 1 }], [{ a = 2 }]])"),
    ("compact", r'compact(["a", "", "b", null])'),
    ("reverse", r"reverse([1, 2, 3])"),
    ("sort", r'sort(["b", "c", "a"])'),
    ("sort_numbers", r"sort([3, 10, 2])"),
    ("one_one", r'one(["x"])'),
    ("one_empty", r"one([])"),
    ("one_set", r'one(toset(["x"]))'),
    ("zipmap", r'zipmap(["a", "b"], [1, 2])'),
    ("zipmap_objects", r'zipmap(["a"], [{ x = 1 }])'),
    ("range_one", r"range(3)"),
    ("range_two", r"range(1, 4)"),
    ("range_step", r"range(0, 10, 3)"),
    ("range_neg", r"range(5, 0, -2)"),
    ("range_frac", r"range(0, 1, 0.25)"),
    ("range_empty", r"range(0)"),
    ("chunklist", r"chunklist([1, 2, 3, 4, 5], 2)"),
    ("chunklist_zero", r"chunklist([1, 2], 0)"),
    ("alltrue", r"alltrue([true, true])"),
    ("alltrue_empty", r"alltrue([])"),
    ("alltrue_false", r"alltrue([true, false])"),
    ("alltrue_strings", r'alltrue(["true", true])'),
    ("anytrue", r"anytrue([false, true])"),
    ("anytrue_empty", r"anytrue([])"),
    ("transpose", r'transpose({ a = ["1", "2"], b = ["2", "3"] })'),
    ("matchkeys", r'matchkeys(["a", "b", "c"], ["x", "y", "z"], ["y"])'),
    ("list_slice_keys", r"keys(merge(local.s_map, { z = 0 }))"),
]

NUMBER_FUNCTIONS = [
    ("min", r"min(3, 1, 2)"),
    ("min_expand", r"min(local.s_nums...)"),
    ("max", r"max(3, 1.5, 2)"),
    ("max_strings", r'max("3", 10)'),
    ("sum", r"sum([1, 2, 3])"),
    ("sum_float", r"sum([0.5, 1.25])"),
    ("sum_set", r"sum(toset([1, 2]))"),
    ("abs", r"abs(-2.5)"),
    ("abs_int", r"abs(-7)"),
    ("ceil", r"ceil(1.2)"),
    ("ceil_neg", r"ceil(-1.2)"),
    ("floor", r"floor(1.8)"),
    ("floor_neg", r"floor(-1.2)"),
    ("signum_neg", r"signum(-4)"),
    ("signum_zero", r"signum(0)"),
    ("pow", r"pow(2, 10)"),
    ("pow_frac", r"pow(4, 0.5)"),
    ("pow_big", r"pow(2, 64)"),
    ("log", r"log(8, 2)"),
    ("log_10", r"log(1000, 10)"),
    ("log_frac", r"log(10, 3)"),
    ("parseint_hex", r'parseint("ff", 16)'),
    ("parseint_neg", r'parseint("-12", 10)'),
    ("parseint_bin", r'parseint("1011", 2)'),
    ("parseint_36", r'parseint("zz", 36)'),
    ("tonumber_str", r'tonumber("1.5")'),
    ("tonumber_int", r'tonumber("42")'),
    ("tonumber_null", r"tonumber(null)"),
    ("tonumber_exp", r'tonumber("1e3")'),
    ("tostring_num", r"tostring(1.5)"),
    ("tostring_bool", r"tostring(true)"),
    ("tostring_null", r"tostring(null)"),
    ("tobool_str", r'tobool("true")'),
    ("tobool_null", r"tobool(null)"),
]

ENCODING_FUNCTIONS = [
    ("jsonencode_obj", r'jsonencode({ b = 1, a = [true, null, "x"] })'),
    ("jsonencode_html", r'jsonencode("<a>&b")'),
    ("jsonencode_num", r"jsonencode(1.5)"),
    ("jsonencode_int_float", r"jsonencode(10 / 2)"),
    ("jsonencode_unicode", r'jsonencode("é☃")'),
    ("jsonencode_nested", r"jsonencode(local.s_objs)"),
    ("jsonencode_empty", r"jsonencode({})"),
    ("jsonencode_null", r"jsonencode(null)"),
    ("jsonencode_big", r"jsonencode(12345678901234567890)"),
    ("jsondecode_obj", r'jsondecode("{\"a\": 1, \"b\": [true, null]}")'),
    ("jsondecode_num", r'jsondecode("1.50")'),
    ("jsondecode_str", r'jsondecode("\"x\"")'),
    ("jsondecode_roundtrip", r'jsondecode(jsonencode({ k = ["v", 2] }))'),
    ("base64encode", r'base64encode("hello é")'),
    ("base64decode", r'base64decode("aGVsbG8=")'),
    ("md5", r'md5("hello")'),
    ("sha1", r'sha1("hello")'),
    ("sha256", r'sha256("hello")'),
    ("sha256_unicode", r'sha256("é")'),
    ("yamlencode", r"yamlencode({ a = 1 })"),
]

NETWORK_FUNCTIONS = [
    ("cidrsubnet", r'cidrsubnet("10.0.0.0/16", 8, 2)'),
    ("cidrsubnet_zero", r'cidrsubnet("10.0.0.0/16", 8, 0)'),
    ("cidrsubnet_small", r'cidrsubnet("172.16.0.0/12", 4, 15)'),
    ("cidrsubnet_host_bits", r'cidrsubnet("10.1.2.3/16", 8, 1)'),
    ("cidrsubnet_v6", r'cidrsubnet("fd00:fd12:3456:7890::/56", 8, 162)'),
    ("cidrsubnet_list", r'[for i in range(3) : cidrsubnet("10.0.0.0/16", 4, i)]'),
    ("cidrhost", r'cidrhost("10.12.112.0/20", 16)'),
    ("cidrhost_last", r'cidrhost("10.12.112.0/20", 268)'),
    ("cidrhost_neg", r'cidrhost("10.0.0.0/24", -2)'),
    ("cidrhost_v6", r'cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)'),
    ("cidrnetmask", r'cidrnetmask("172.16.0.0/12")'),
    ("cidrsubnets", r'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)'),
]

# sensitive values: compared through terraform_data (an output would need sensitive = true)
SENSITIVE_CASES = [
    Case("sensitive_out", r'sensitive("secret")', sensitive=True),
    Case("sensitive_inner", r'{ a = sensitive("x"), b = "y" }', sensitive=True),
    Case("nonsensitive_out", r'nonsensitive(sensitive("shown"))'),
    Case("nonsensitive_len", r'length(nonsensitive(sensitive("abc")))'),
    Case("sensitive_res", r'sensitive({ k = "v" })', via="resource"),
    Case("sensitive_upper", r'upper(sensitive("abc"))', sensitive=True),
]

FILE_CASES = [
    Case("file_read", r'file("${path.module}/data/hello.txt")'),
    Case("file_exists", r'fileexists("${path.module}/data/hello.txt")'),
    Case("file_missing", r'fileexists("${path.module}/data/absent.txt")'),
    Case("templatefile", r'templatefile("${path.module}/data/t.tftpl", { name = "x", items = ["a", "b"] })'),
    Case("file_trimmed", r'trimspace(file("data/hello.txt"))'),
]

FILES_OF_MAIN = {
    "data/hello.txt": "hello file\n",
    "data/t.tftpl": "Hi ${name}!\n%{ for i in items ~}\n- ${i}\n%{ endfor ~}\ndone",
}

# -- expressions -----------------------------------------------------------------------------------

TEMPLATES = [
    ("interp_num", r'"${1 + 1}"'),
    ("interp_keeps_type", r'"${local.s_nums}"'),
    ("interp_concat", r'"a${1 + 1}b"'),
    ("interp_bool_text", r'"v=${true}"'),
    ("interp_true", r'"${true}"'),
    ("interp_false", r'"${false}"'),
    ("interp_null", r'"${null}"'),
    ("interp_true_cond", r'"${true}" ? "yes" : "no"'),
    ("interp_float", r'"${1.5 * 2}"'),
    ("interp_div", r'"x${10 / 4}"'),
    ("interp_big", r'"${12345678901234567890}"'),
    ("interp_small", r'"${0.000001}"'),
    ("interp_huge_float", r'"${1e21}"'),
    ("interp_third", r'"${1 / 3}"'),
    ("escape_dollar", r'"$${not_a_ref}"'),
    ("escape_percent", r'"%%{not_a_directive}"'),
    ("lone_dollar", r'"cost: $5 and 100%"'),
    ("escapes", r'"tab\tq\"b\\ u\u00e9"'),
    ("if_true", r'"%{if true}yes%{else}no%{endif}"'),
    ("if_false", r'"%{if 1 > 2}yes%{else}no%{endif}"'),
    ("if_noelse", r'"[%{if false}x%{endif}]"'),
    ("if_string_cond", r'"%{if "true"}yes%{endif}"'),
    ("for_list", r'"%{for x in local.s_list}${x},%{endfor}"'),
    ("for_map", r'"%{for k, v in local.s_map}${k}=${v};%{endfor}"'),
    ("for_index", r'"%{for i, x in local.s_list}${i}:${x} %{endfor}"'),
    ("for_strip", "<<EOT\n%{~ for x in local.s_list ~}\n[${x}]\n%{~ endfor ~}\nEOT"),
    ("for_if_nested", r'"%{for n in local.s_nums}%{if n > 1}${n}%{endif}%{endfor}"'),
    ("strip_interp", r'"a  ${~ "b" ~}  c"'),
    ("heredoc", "<<EOT\nhello\n  world\nEOT"),
    ("heredoc_indented", "<<-EOT\n    hello\n      world\n    EOT"),
    ("heredoc_interp", "<<-EOT\n  name: ${local.s_str}\n  n: ${length(local.s_list)}\n  EOT"),
    ("heredoc_directive", "<<EOT\n%{ if true }\nyes\n%{ endif }\nEOT"),
    ("heredoc_for", "<<-EOT\n  %{~ for x in local.s_list }\n  - ${x}\n  %{~ endfor }\n  EOT"),
    ("heredoc_for_plain", "<<-EOT\n  %{ for x in local.s_list }\n  - ${x}\n  %{ endfor }\n  EOT"),
    ("heredoc_for_trim_right", "<<-EOT\n  items:\n  %{ for x in local.s_list ~}\n    - ${x}\n  %{ endfor ~}\n  EOT"),
    ("heredoc_for_at_line_start", "<<EOT\n%{~ for x in local.s_list }\n- ${x}\n%{~ endfor }\nEOT"),
    ("heredoc_if_indented", "<<-EOT\n    a\n    %{ if true }\n      b\n    %{ else }\n      c\n    %{ endif }\n  EOT"),
    ("heredoc_blank_spaces_line", "<<-EOT\n    a\n  \n    b\n  EOT"),
    ("heredoc_hole_at_line_start", "<<-EOT\n    a\n${local.s_str}\n    b\n  EOT"),
    ("heredoc_empty_line", "<<-EOT\n  a\n\n  b\n  EOT"),
    ("heredoc_escape", "<<EOT\n$${x} and %%{y}\nEOT"),
    ("heredoc_json", '<<EOT\n{"a": ${jsonencode(local.s_list)}}\nEOT'),
    ("template_unicode", r'"é${"☃"}"'),
]

FOR_EXPRESSIONS = [
    ("list", r"[for x in local.s_list : upper(x)]"),
    ("list_if", r"[for x in local.s_nums : x * 10 if x > 1]"),
    ("list_index", r'[for i, x in local.s_list : "${i}-${x}"]'),
    ("map_values", r"[for k, v in local.s_map : v]"),
    ("map_keys_sorted", r"[for k, v in { b = 1, a = 2, c = 3 } : k]"),
    ("object", r"{ for x in local.s_list : x => upper(x) }"),
    ("object_from_map", r"{ for k, v in local.s_map : k => v + 1 }"),
    ("object_if", r"{ for k, v in local.s_map : k => v if v > 1 }"),
    ("group", r'{ for o in [{ k = "a", v = 1 }, { k = "b", v = 2 }, { k = "a", v = 3 }] : o.k => o.v... }'),
    ("objs", r"{ for o in local.s_objs : o.name => o.size }"),
    ("set", r'[for x in toset(["b", "a"]) : x]'),
    ("set_index", r'[for i, x in toset(["b", "a"]) : i]'),
    ("nested", r"[for a in [1, 2] : [for b in [3, 4] : a * b]]"),
    ("flatten", r'flatten([for o in local.s_objs : [for t in o.tags : "${o.name}:${t}"]])'),
    ("numkey", r'{ for n in [1, 2] : n => "v${n}" }'),
    ("empty", r"[for x in [] : x]"),
    ("tuple_mixed", r'[for x in [1, "a", true] : x]'),
    ("object_mixed_values", r'{ for k in ["a", "b"] : k => k == "a" ? 1 : "x" }'),
    ("string_elems", r'[for s in split(",", "a,b") : trimspace(s)]'),
    ("over_object", r'[for k, v in { a = "x", b = 1 } : "${k}${v}"]'),
]

SPLATS = [
    ("full", r"local.s_objs[*].name"),
    ("attr_chain", r"local.s_objs[*].tags"),
    ("legacy", r"local.s_objs.*.size"),
    ("index_after", r"local.s_objs[*].tags[0]"),
    ("on_object", r"local.s_nested[*].a.b.c"),
    ("on_null", r"local.s_null[*]"),
    ("on_null_length", r"length(local.s_null[*])"),
    ("on_string", r'"x"[*]'),
    ("empty", r"local.s_empty[*].x"),
    ("then_index", r"(local.s_objs[*].name)[1]"),
    ("for_objects", r"[for o in local.s_objs : o.name]"),
    ("map_values", r"values({ a = { id = 1 }, b = { id = 2 } })[*].id"),
    ("nested_index", r'local.s_nested["a"]["b"].c'),
    ("index_string_number", r'local.s_list["1"]'),
    ("index_float_number", r"local.s_list[1.0]"),
]

CONDITIONALS = [
    ("num", r"true ? 1 : 2"),
    ("false", r'false ? "a" : "b"'),
    ("unify_num_str", r'true ? 1 : "a"'),
    ("unify_bool_str", r'false ? "x" : true'),
    ("null_then", r'true ? null : "a"'),
    ("null_else", r'false ? "a" : null'),
    ("list", r'true ? ["a"] : []'),
    ("list_else", r'false ? ["a"] : []'),
    ("objects", r"true ? { a = 1 } : { a = 2 }"),
    ("string_cond", r'"true" ? "y" : "n"'),
    ("nested", r'1 > 2 ? "a" : 2 > 1 ? "b" : "c"'),
    ("with_ref", r'length(local.s_list) > 2 ? local.s_list[0] : "none"'),
    ("unify_list_tuple", r'true ? ["a", "b"] : tolist(["c"])'),
    ("map_vs_object", r'true ? { a = "x" } : tomap({ b = "y" })'),
    ("number_strings", r'false ? "1" : 2'),
]

OPERATORS = [
    ("add", r"1 + 2"),
    ("sub_float", r"0.3 - 0.1"),
    ("float_sum", r"0.1 + 0.2"),
    ("mul", r"1.5 * 4"),
    ("div", r"7 / 2"),
    ("div_exact", r"6 / 3"),
    ("third", r"1 / 3"),
    ("mod", r"7 % 3"),
    ("mod_neg", r"-7 % 3"),
    ("mod_float", r"7.5 % 2"),
    ("neg", r"-(3 + 4)"),
    ("precedence", r"1 + 2 * 3 - 4 / 2"),
    ("string_number_add", r'"1" + 2'),
    ("string_number_cmp", r'"10" > 9'),
    ("eq_num_str", r'1 == "1"'),
    ("neq_num_str", r'1 != "1"'),
    ("eq_bool_str", r'true == "true"'),
    ("eq_lists", r"[1, 2] == [1, 2]"),
    ("eq_lists_differ", r"[1, 2] == [2, 1]"),
    ("eq_objects", r"{ a = 1 } == { a = 1 }"),
    ("eq_null", r"null == null"),
    ("eq_null_str", r'null == "x"'),
    ("eq_local_null", r"local.s_null == null"),
    ("eq_float_int", r"1.0 == 1"),
    ("eq_typed_list_empty", r"var.s_typed_list == []"),
    ("eq_typed_map_empty", r"var.s_typed_map == {}"),
    ("eq_local_empty", r"local.s_empty == []"),
    ("len_typed_list_zero", r"length(var.s_typed_list) == 0"),
    ("and", r"true && false"),
    ("or", r"false || true"),
    ("not", r"!false"),
    ("and_str", r'"true" && true'),
    ("cmp_chain", r"1 < 2 && 2 <= 2 && 3 >= 4 || 5 > 4"),
    ("big_int", r"9007199254740993 + 0"),
    ("big_mul", r"123456789 * 987654321"),
    ("float_precise", r"1.1 * 3"),
    ("float_times_three", r"0.1 * 3"),
    ("float_scaled", r"1.005 * 1000"),
    ("float_chain", r"10 / 3 * 3"),
    ("float_negative_sum", r"-0.1 - 0.2"),
    ("float_big_quotient", r"1e300 / 3"),
    ("div_recurring", r"2 / 3"),
    ("exp_notation", r"1e3"),
    ("neg_zero", r"-0"),
    ("large_float", r"1.5e300 * 10"),
]

NULL_TRY_CAN = [
    ("try_missing_attr", r'try(local.s_map.zz, "default")'),
    ("try_present", r'try(local.s_map.a, "default")'),
    ("try_index", r'try(local.s_list[10], "none")'),
    ("try_convert", r'try(tonumber("x"), 0)'),
    ("try_chain", r'try(local.s_nested.a.x.c, local.s_nested.a.b.c, "no")'),
    ("try_null_attr", r'try(local.s_null.x, "fallback")'),
    ("try_first_ok", r"try(1, 2)"),
    ("try_regex", r'try(regex("^z", "abc"), "nomatch")'),
    ("can_missing", r"can(local.s_map.zz)"),
    ("can_present", r"can(local.s_map.a)"),
    ("can_regex", r'can(regex("^a", "abc"))'),
    ("can_regex_no", r'can(regex("^z", "abc"))'),
    ("can_number", r'can(tonumber("12"))'),
    ("can_index", r"can(local.s_list[5])"),
    ("null_output", r"null"),
    ("null_in_list", r'[null, "a"]'),
    ("null_in_object", r"{ a = null, b = 1 }"),
    ("null_coalesce_list", r'coalesce(local.s_null, "d")'),
    ("null_conditional", r'local.s_null == null ? "isnull" : "notnull"'),
    ("null_compact", r'compact([local.s_null, "a"])'),
    ("null_length_list", r"length([null, null])"),
    ("null_merge_value", r"merge({ a = 1 }, { a = null })"),
    ("null_join", r'join(",", compact(["a", null, "b"]))'),
]

# -- sets: cty orders a set's elements (strings by bytes, numbers by value, false before true, anything
# else by the bytes of cty's serialization of the element), a for expression binds each element as its
# own key, and a set equals only a set --------------------------------------------------------------

SET_EXPRESSIONS = [
    ("for_one_symbol", r"[for x in toset([3, 1, 2]) : x * 2]"),
    ("for_two_symbols_numbers", r"[for k, v in toset([3, 1, 2]) : k]"),
    ("for_two_symbols_both", r'[for k, v in toset(["b", "a"]) : "${k}=${v}"]'),
    ("for_to_object", r'{ for k, v in toset(["b", "a"]) : k => v }'),
    ("for_if", r'[for x in toset(["c", "a", "b"]) : x if x != "b"]'),
    ("for_objects", r'[for o in toset([{ n = "b" }, { n = "a" }]) : o.n]'),
    ("for_objects_key", r'[for k, o in toset([{ n = "b", s = 1 }, { n = "a", s = 2 }]) : k.s]'),
    ("for_tolist_index", r'[for k, v in tolist(toset(["b", "a"])) : k]'),
    ("for_template", r'"%{for k, x in toset(["b", "a"])}${k}%{endfor}"'),
    ("for_group", r'{ for x in toset(["bb", "a", "b"]) : length(x) => x... }'),
    ("numbers_order", r"toset([10, 9, 1.5, -2])"),
    ("strings_order", r'toset(["b", "B", "a", "10", "9", "é", "e"])'),
    ("bools_tolist", r"tolist(toset([true, false, true]))"),
    ("with_null", r'toset(["b", null, "a"])'),
    ("objects", r'toset([{ n = "b" }, { n = "a" }, { n = "b" }])'),
    ("objects_numbers", r"toset([{ n = 10 }, { n = 9 }])"),
    ("objects_negative", r"toset([{ n = 2 }, { n = -1 }, { n = 0.25 }])"),
    ("objects_null_attr", r'toset([{ n = "x", o = null }, { n = "x", o = "a" }])'),
    ("objects_bools", r"toset([{ n = true }, { n = false }])"),
    ("objects_nested", r'toset([{ a = { b = "z" } }, { a = { b = "a" } }])'),
    ("objects_lists", r"toset([{ a = [true] }, { a = [true, false] }])"),
    ("objects_escaped", r'toset([{ n = "a	b" }, { n = "a b" }])'),
    ("objects_unicode", r'toset([{ n = "é" }, { n = "z" }])'),
    ("objects_many_digits", r"toset([{ n = 12345678901 }, { n = 12345678902 }])"),
    ("maps_other_keys", r'toset([{ a = "z" }, { b = "a" }])'),
    ("lists", r'toset([["b"], ["a", "c"]])'),
    ("lists_numbers", r"toset([[2], [10]])"),
    ("lists_bools", r"toset([[true], [true, false]])"),
    ("tolist_numbers", r"tolist(toset([10, 9, 2]))"),
    ("tolist_objects", r'tolist(toset([{ n = "b" }, { n = "a" }]))'),
    ("length_objects", r'length(toset([{ n = "b" }, { n = "a" }, { n = "a" }]))'),
    ("contains_objects", r'contains(toset([{ n = "b" }]), { n = "b" })'),
    ("equal", r'toset(["a", "b"]) == toset(["b", "a"])'),
    ("equal_numbers", r"toset([2, 1]) == toset([1, 2, 2])"),
    ("not_equal", r'toset(["a"]) != toset(["b"])'),
    ("equal_other_types", r'toset([1]) == toset(["1"])'),
    ("equal_list", r'toset(["a"]) == ["a"]'),
    ("equal_tolist", r'tolist(toset(["b", "a"])) == tolist(["a", "b"])'),
    ("jsonencode", r'jsonencode(toset(["b", "a"]))'),
    ("jsonencode_objects", r'jsonencode(toset([{ n = "b" }, { n = "a" }]))'),
    ("jsonencode_nested", r"jsonencode({ s = toset([3, 1]) })"),
    ("setproduct_numbers", r'setproduct(toset([10, 9]), toset(["a"]))'),
    ("setproduct_set_list", r'setproduct(toset(["b", "a"]), ["y", "x"])'),
    ("setproduct_list_set", r'setproduct(["y", "x"], toset(["b", "a"]))'),
    ("setproduct_for", r'[for i, v in setproduct(toset(["b", "a"]), toset(["x"])) : i]'),
    ("setunion_for", r'[for i, v in setunion(["b"], ["a"]) : i]'),
    ("setintersection_for", r'[for i, v in setintersection(["b", "a", "c"], ["a", "b"]) : i]'),
    ("setsubtract_numbers", r"setsubtract([10, 2, 9], [2])"),
    ("splat", r'toset([{ n = "b" }, { n = "a" }])[*].n'),
    ("sort", r'sort(toset(["b", "a"]))'),
    ("reverse", r'reverse(toset(["b", "a"]))'),
    ("distinct", r'distinct(toset(["b", "a"]))'),
    ("flatten", r'flatten([toset(["b", "a"]), ["c"]])'),
    ("chunklist", r'chunklist(toset(["b", "a"]), 1)'),
    ("keys_of_for", r'keys({ for x in toset(["b", "a"]) : x => 1 })'),
    ("lookup", r'lookup({ s = toset(["b", "a"]) }, "s")'),
    ("conditional", r'length(local.s_list) > 0 ? toset(["b", "a"]) : toset(["c"])'),
    ("conditional_tuple_branch", r'[for k, v in (length(local.s_list) == 0 ? toset(["b", "a"]) : ["d", "c"]) : k]'),
    ("conditional_tuple_first", r'[for k, v in (length(local.s_list) == 0 ? ["d", "c"] : toset(["b", "a"])) : k]'),
    ("of_sets", r'toset([toset(["b", "a"]), toset(["c"])])'),
    ("of_sets_bools", r"toset([toset([true]), toset([true, false])])"),
    ("splat_for", r'[for k, v in toset(["b", "a"])[*] : k]'),
    ("try_for", r'[for k, v in try(toset(["b", "a"]), []) : k]'),
    ("merge_attr_for", r'[for k, v in merge({ a = toset(["b", "a"]) }).a : k]'),
    ("contains_converted", r'contains(toset(["1"]), 1)'),
    ("objects_unified", r'toset([{ n = "b" }, { n = 1 }])'),
    ("objects_unified_two", r'toset([{ n = "a", m = 1 }, { n = 2, m = "x" }])'),
    ("maps_unified", r'toset([{ a = "x", b = 1 }, { c = "y" }])'),
    ("tuples_unified", r'toset([["a", 1], ["b", "c"]])'),
    ("setunion_unified", r'setunion([{ n = "a" }], [{ n = 2 }])'),
    ("tolist_objects_unified", r'tolist([{ n = "a" }, { n = 1 }])'),
    ("tolist_maps_unified", r'tolist([{ a = "x", b = 1 }, { c = "y" }])'),
    ("tomap_objects_unified", r'tomap({ a = { x = 1 }, b = { x = "s" } })'),
]

# -- type constraints on variables: each case a variable with a default and an output of it ------

TYPED_VARIABLES = [
    ("bool_from_string", "bool", r'"false"'),
    ("bool_from_string_true", "bool", r'"true"'),
    ("number_from_string", "number", r'"5"'),
    ("number_from_float_string", "number", r'"2.50"'),
    ("string_from_number", "string", r"5"),
    ("string_from_bool", "string", r"true"),
    ("string_from_float", "string", r"1.25"),
    ("list_string_from_numbers", "list(string)", r"[1, 2]"),
    ("list_string_from_bools", "list(string)", r"[true, false]"),
    ("list_number_from_strings", "list(number)", r'["1", "2.5"]'),
    ("list_bool_from_strings", "list(bool)", r'["true", "false"]'),
    ("set_string", "set(string)", r'["b", "a", "b"]'),
    ("set_number", "set(number)", r"[3, 1, 3]"),
    ("set_from_numbers", "set(string)", r"[2, 10, 1]"),
    ("map_number", "map(number)", r'{ a = "1", b = 2 }'),
    ("map_string", "map(string)", r"{ a = 1, b = true }"),
    ("map_bool", "map(bool)", r'{ a = "true" }'),
    ("map_list", "map(list(string))", r"{ a = [1], b = [] }"),
    ("list_list", "list(list(number))", r'[["1"], [2, "3"]]'),
    ("tuple", "tuple([string, number, bool])", r'[1, "2", "true"]'),
    ("any_tuple", "any", r'[1, "a"]'),
    ("any_object", "any", r'{ a = 1, b = "x" }'),
    ("list_any", "list(any)", r'[1, "a"]'),
    ("list_any_numbers", "list(any)", r"[1, 2]"),
    ("map_any", "map(any)", r'{ a = 1, b = "x" }'),
    ("map_any_objects", "map(any)", r"{ a = { x = 1 }, b = { x = 2 } }"),
    ("object_basic", "object({ a = string, b = number })", r'{ a = 1, b = "2" }'),
    ("object_extra_attr", "object({ a = string })", r'{ a = "x", extra = 1 }'),
    ("object_nested", "object({ inner = object({ n = number }) })", r'{ inner = { n = "3" } }'),
    ("object_bool", "object({ enabled = bool })", r'{ enabled = "false" }'),
    ("optional_null", "object({ a = string, b = optional(string) })", r'{ a = "x" }'),
    ("optional_default", "object({ a = string, b = optional(number, 5) })", r'{ a = "x" }'),
    ("optional_given", "object({ a = string, b = optional(number, 5) })", r'{ a = "x", b = 7 }'),
    ("optional_bool_default", "object({ enabled = optional(bool, true) })", r"{}"),
    ("optional_list_default", "object({ tags = optional(list(string), []) })", r"{}"),
    ("optional_map_default", 'object({ tags = optional(map(string), { a = "b" }) })', r"{}"),
    (
        "optional_nested_default",
        'object({ inner = optional(object({ x = optional(string, "dx"), y = optional(number) }), {}) })',
        r"{}",
    ),
    (
        "optional_nested_given",
        'object({ inner = optional(object({ x = optional(string, "dx"), y = optional(number) }), {}) })',
        r"{ inner = { y = 1 } }",
    ),
    (
        "optional_in_list",
        "list(object({ name = string, size = optional(number, 10) }))",
        r'[{ name = "a" }, { name = "b", size = 2 }]',
    ),
    (
        "optional_in_map",
        "map(object({ enabled = optional(bool, false), tags = optional(map(string), {}) }))",
        r"{ x = {}, y = { enabled = true } }",
    ),
    ("optional_null_given", "object({ b = optional(number, 5) })", r"{ b = null }"),
    ("optional_default_converted", "object({ b = optional(string, 5) })", r"{}"),
    ("object_null", "object({ a = string })", r"null"),
    ("list_objects_convert", "list(object({ n = number }))", r'[{ n = "1" }, { n = 2 }]'),
    ("set_objects", "set(object({ n = string }))", r'[{ n = "b" }, { n = "a" }]'),
    ("set_bool", "set(bool)", r'["true", false]'),
    ("set_number_strings", "set(number)", r'["10", "9", 1.5]'),
    ("set_objects_numbers", "set(object({ n = number }))", r"[{ n = 10 }, { n = 9 }]"),
    (
        "set_objects_optional",
        "set(object({ name = string, size = optional(number, 10) }))",
        r'[{ name = "b" }, { name = "a", size = 2 }, { name = "a" }]',
    ),
    (
        "set_objects_optional_null",
        "set(object({ name = string, note = optional(string) }))",
        r'[{ name = "a" }, { name = "a", note = "x" }]',
    ),
    ("set_list", "set(list(string))", r'[["b"], ["a", "c"], [1]]'),
    ("set_map", "set(map(string))", r'[{ b = "1" }, { a = 2 }]'),
    ("object_with_set", "object({ tags = set(string) })", r'{ tags = ["b", "a", "b"] }'),
    ("optional_set_default", 'object({ s = optional(set(string), ["b", "a"]) })', r"{}"),
    ("list_of_sets", "list(set(number))", r"[[3, 1], [2, 2]]"),
    ("set_any_objects", "set(any)", r'[{ n = "b" }, { n = 1 }]'),
    ("list_any_objects", "list(any)", r'[{ n = "b" }, { n = 1 }]'),
    ("map_any_objects_unified", "map(any)", r'{ a = { x = 1 }, b = { x = "s" } }'),
    ("number_big", "number", r'"12345678901234567890"'),
    ("string_null", "string", r"null"),
    ("list_null_elem", "list(string)", r'["a", null]'),
]


def _typed_cases() -> list[Case]:
    cases = []
    for name, type_text, default in TYPED_VARIABLES:
        case = f"type_{name}"
        decls = f'variable "{case}" {{\n  type    = {type_text}\n  default = {default}\n}}'
        cases.append(Case(case, f"var.{case}", decls))
    return cases


# variables whose value then meets an expression (conversions that matter in comparisons and merges)
CONVERSION_CASES = [
    Case(
        "conv_bool_in_condition",
        'var.conv_bool_in_condition ? "on" : "off"',
        'variable "conv_bool_in_condition" {\n  type    = bool\n  default = "false"\n}',
    ),
    Case(
        "conv_bool_compare",
        "var.conv_bool_compare == false",
        'variable "conv_bool_compare" {\n  type    = bool\n  default = "false"\n}',
    ),
    Case(
        "conv_number_compare",
        "var.conv_number_compare == 5",
        'variable "conv_number_compare" {\n  type    = number\n  default = "5"\n}',
    ),
    Case(
        "conv_string_compare",
        'var.conv_string_compare == "5"',
        'variable "conv_string_compare" {\n  type    = string\n  default = 5\n}',
    ),
    Case(
        "conv_optional_merge",
        'merge({ Name = "x" }, var.conv_optional_merge.tags)',
        'variable "conv_optional_merge" {\n  type    = object({ tags = optional(map(string), { Owner = "ops" }) })\n'
        "  default = {}\n}",
    ),
    Case(
        "conv_optional_lookup",
        "var.conv_optional_lookup.retention",
        'variable "conv_optional_lookup" {\n  type    = object({ retention = optional(number, 30) })\n'
        "  default = {}\n}",
    ),
    Case(
        "conv_optional_for",
        "[for s in var.conv_optional_for : s.size]",
        'variable "conv_optional_for" {\n  type    = list(object({ size = optional(number, 1) }))\n'
        "  default = [{}, { size = 3 }]\n}",
    ),
    Case(
        "conv_typed_empty_cmp",
        'var.conv_typed_empty_cmp == [] ? "empty" : "not"',
        'variable "conv_typed_empty_cmp" {\n  type    = list(string)\n  default = []\n}',
    ),
    Case(
        "conv_set_length",
        "length(var.conv_set_length)",
        'variable "conv_set_length" {\n  type    = set(string)\n  default = ["a", "a", "b"]\n}',
    ),
    Case(
        "conv_set_for",
        "[for k, v in var.conv_set_for : k]",
        'variable "conv_set_for" {\n  type    = set(number)\n  default = [3, 1, "2"]\n}',
    ),
    Case(
        "conv_set_objects_for",
        "[for o in var.conv_set_objects_for : o.name]",
        'variable "conv_set_objects_for" {\n  type    = set(object({ name = string }))\n'
        '  default = [{ name = "b" }, { name = "a" }]\n}',
    ),
    Case(
        "conv_set_tolist_index",
        "tolist(var.conv_set_tolist_index)[0]",
        'variable "conv_set_tolist_index" {\n  type    = set(string)\n  default = ["b", "a"]\n}',
    ),
    Case(
        "conv_set_equal",
        'var.conv_set_equal == toset(["a", "b"])',
        'variable "conv_set_equal" {\n  type    = set(string)\n  default = ["b", "a", "b"]\n}',
    ),
    Case(
        "conv_set_to_list",
        "[for k, v in var.conv_set_to_list : k]",
        'variable "conv_set_to_list" {\n  type    = list(string)\n  default = ["b", "a"]\n}',
    ),
    Case(
        "conv_nullable_false",
        "var.conv_nullable_false",
        'variable "conv_nullable_false" {\n  type     = string\n  nullable = false\n  default  = "d"\n}',
    ),
    Case(
        "conv_local_typed_in_template",
        '"${var.conv_local_typed_in_template}!"',
        'variable "conv_local_typed_in_template" {\n  type    = number\n  default = "1.50"\n}',
    ),
    Case(
        "conv_untyped_string_default",
        'var.conv_untyped_string_default == "false"',
        'variable "conv_untyped_string_default" {\n  default = "false"\n}',
    ),
    Case(
        "conv_validation_ok",
        "var.conv_validation_ok",
        'variable "conv_validation_ok" {\n  type    = number\n  default = 3\n'
        "  validation {\n    condition     = var.conv_validation_ok > 0\n"
        '    error_message = "must be positive"\n  }\n}',
    ),
]

RESOURCE_CASES = [
    Case("res_input_obj", r'{ name = "x", n = 1, l = ["a"] }', via="resource"),
    Case("res_input_str", r'"plain"', via="resource"),
    Case("res_input_num", r"1 / 4", via="resource"),
    Case("res_input_null_attr", r"{ a = null }", via="resource"),
    Case("res_input_set", r'toset(["b", "a"])', via="resource"),
    Case("res_input_set_objects", r'toset([{ n = "b" }, { n = "a" }])', via="resource"),
    Case("res_input_set_numbers", r"toset([10, 9])", via="resource"),
    Case("res_input_optional", r"var.res_input_optional_v", via="resource"),
    Case(
        "res_count",
        None,
        'resource "terraform_data" "res_count" {\n  count = 3\n  input = "n-${count.index}"\n}',
    ),
    Case(
        "res_for_each_set",
        None,
        'resource "terraform_data" "res_for_each_set" {\n  for_each = toset(["b", "a"])\n  input    = each.key\n}',
    ),
    Case(
        "res_for_each_setunion",
        None,
        'resource "terraform_data" "res_for_each_setunion" {\n  for_each = setunion(["b"], ["a", "b"])\n'
        "  input    = each.value\n}",
    ),
    Case(
        "res_for_each_typed_set",
        None,
        'variable "res_for_each_typed_set_v" {\n  type    = set(string)\n  default = ["y", "x"]\n}\n\n'
        'resource "terraform_data" "res_for_each_typed_set" {\n  for_each = var.res_for_each_typed_set_v\n'
        '  input    = "${each.key}/${each.value}"\n}',
    ),
    Case(
        "res_for_each_map",
        None,
        'resource "terraform_data" "res_for_each_map" {\n  for_each = { x = 1, y = 2 }\n'
        '  input    = "${each.key}=${each.value}"\n}',
    ),
    Case(
        "res_count_conditional",
        None,
        'resource "terraform_data" "res_count_conditional" {\n  count = "true" ? 1 : 0\n  input = "on"\n}',
    ),
    Case(
        "res_for_each_objects",
        None,
        'resource "terraform_data" "res_for_each_objects" {\n'
        "  for_each = { for o in local.s_objs : o.name => o }\n  input    = each.value.size\n}",
    ),
    Case(
        "res_reference",
        "terraform_data.res_input_obj.input.name",
    ),
    Case(
        "res_splat",
        "terraform_data.res_count[*].input",
    ),
    Case(
        "res_for_each_values",
        "[for k, r in terraform_data.res_for_each_map : r.input]",
    ),
]

RESOURCE_DECLS = (
    'variable "res_input_optional_v" {\n  type    = object({ a = optional(string, "dflt") })\n  default = {}\n}'
)

# -- variable precedence: defaults, terraform.tfvars(.json), *.auto.tfvars, -var-file ---------------

PRECEDENCE_DECLS = """
variable "p_default" {
  default = "from-default"
}
variable "p_tfvars" {
  default = "from-default"
}
variable "p_tfvars_json" {
  default = "from-default"
}
variable "p_auto" {
  default = "from-default"
}
variable "p_auto_order" {
  default = "from-default"
}
variable "p_var_file" {
  default = "from-default"
}
variable "p_var_file_order" {
  default = "from-default"
}
variable "p_bool" {
  type    = bool
  default = true
}
variable "p_number" {
  type = number
}
variable "p_object" {
  type = object({
    name = string
    size = optional(number, 1)
    tags = optional(map(string), {})
  })
}
variable "p_list" {
  type    = list(string)
  default = ["default"]
}
variable "p_map_replaced" {
  type    = map(string)
  default = { a = "1", b = "2" }
}
variable "p_null_nullable" {
  type    = string
  default = "d"
}
variable "p_null_not_nullable" {
  type     = string
  default  = "d"
  nullable = false
}
"""

PRECEDENCE_NAMES = [
    "p_default",
    "p_tfvars",
    "p_tfvars_json",
    "p_auto",
    "p_auto_order",
    "p_var_file",
    "p_var_file_order",
    "p_bool",
    "p_number",
    "p_object",
    "p_list",
    "p_map_replaced",
    "p_null_nullable",
    "p_null_not_nullable",
]

PRECEDENCE_FILES = {
    "terraform.tfvars": """
        p_tfvars         = "from-tfvars"
        p_tfvars_json    = "from-tfvars"
        p_auto           = "from-tfvars"
        p_auto_order     = "from-tfvars"
        p_var_file       = "from-tfvars"
        p_var_file_order = "from-tfvars"
        p_bool           = "false"
        p_number         = "10"
        p_undeclared     = "ignored with a warning"
    """,
    "terraform.tfvars.json": '{"p_tfvars_json": "from-tfvars-json", "p_auto": "from-tfvars-json"}\n',
    "a.auto.tfvars": """
        p_auto       = "from-a-auto"
        p_auto_order = "from-a-auto"
        p_object     = { name = "auto", tags = { x = 1 } }
    """,
    "b.auto.tfvars": """
        p_auto_order = "from-b-auto"
        p_map_replaced = { c = 3 }
    """,
    "env/dev.tfvars": """
        p_var_file       = "from-dev"
        p_var_file_order = "from-dev"
        p_list           = [1, "x"]
        p_null_nullable     = null
        p_null_not_nullable = null
    """,
    "env/dev-override.tfvars": """
        p_var_file_order = "from-dev-override"
        p_number         = 2.5
    """,
    "env/prod.tfvars": """
        p_var_file = "from-prod"
        p_bool     = true
        p_object   = { name = "prod", size = "3" }
        another_undeclared = 1
    """,
}


def _precedence_cases(env: str) -> list[Case]:
    cases = [Case(f"{env}_{name}", f"var.{name}") for name in PRECEDENCE_NAMES]
    cases[0] = Case(cases[0].name, cases[0].expr, PRECEDENCE_DECLS)  # declared once, in the first file
    return cases


# -- a local module with typed inputs and outputs --------------------------------------------------

MODULE_FILES = {
    "modules/child/main.tf": """
        variable "name" {
          type = string
        }
        variable "settings" {
          type = object({
            enabled = optional(bool, true)
            size    = optional(number, 2)
            tags    = optional(map(string), {})
          })
          default = {}
        }
        variable "flag" {
          type    = bool
          default = false
        }
        variable "items" {
          type    = list(string)
          default = []
        }
        variable "names" {
          type    = set(string)
          default = []
        }
        locals {
          full = "${var.name}-${var.settings.size}"
        }
        output "full" {
          value = local.full
        }
        output "settings" {
          value = var.settings
        }
        output "flag" {
          value = var.flag
        }
        output "items" {
          value = var.items
        }
        output "upper_items" {
          value = [for i in var.items : upper(i)]
        }
        output "item_keys" {
          value = [for k, v in var.items : k]
        }
        output "name_keys" {
          value = [for k, v in var.names : k]
        }
    """,
}

MODULE_CASES = [
    Case(
        "mod_full",
        "module.mod_a.full",
        'module "mod_a" {\n  source   = "./modules/child"\n  name     = "a"\n  settings = { size = "5" }\n'
        '  flag     = "true"\n  items    = [1, "b"]\n}\n\nmodule "mod_b" {\n  source = "./modules/child"\n'
        '  name   = 7\n}\n\nmodule "mod_each" {\n  source   = "./modules/child"\n'
        '  for_each = toset(["x", "y"])\n  name     = each.key\n}',
    ),
    Case("mod_settings", "module.mod_a.settings"),
    Case("mod_flag", "module.mod_a.flag"),
    Case("mod_items", "module.mod_a.items"),
    Case("mod_upper_items", "module.mod_a.upper_items"),
    Case("mod_default_settings", "module.mod_b.settings"),
    Case("mod_number_name", "module.mod_b.full"),
    Case("mod_each_full", "{ for k, m in module.mod_each : k => m.full }"),
    Case("mod_each_keys", "keys(module.mod_each)"),
    Case("mod_whole", "module.mod_b"),
    Case(
        "mod_set_to_list",
        "module.mod_sets.item_keys",
        'module "mod_sets" {\n  source = "./modules/child"\n  name   = "s"\n  items  = toset(["b", "a"])\n'
        '  names  = ["y", "x", "y"]\n}',
    ),
    Case("mod_set_list_value", "module.mod_sets.items"),
    Case("mod_tuple_to_set", "module.mod_sets.name_keys"),
]

# -- configurations Terraform refuses: notescheck must report an error too -------------------------

ERROR_CASES = [
    Case(
        "err_bool_default",
        "var.err_bool_default",
        'variable "err_bool_default" {\n  type    = bool\n  default = "maybe"\n}',
    ),
    Case(
        "err_object_missing",
        "var.err_object_missing",
        'variable "err_object_missing" {\n  type    = object({ a = string })\n  default = {}\n}',
    ),
    Case("err_format_d_float", r'format("%d", 1.5)'),
    Case("err_element_empty", r"element([], 0)"),
    Case("err_undeclared_local", r"local.err_nowhere"),
    Case("err_number_string", r'1 + "x"'),
    Case("err_index_out", r'["a"][3]'),
    Case("err_signum_fraction", r"signum(0.5)"),
    Case("err_cidrsubnet_range", r'cidrsubnet("10.0.0.0/24", 4, 16)'),
    Case("err_set_index", r'toset(["a"])[0]'),
    Case("err_set_element", r'element(toset(["a"]), 0)'),
    Case("err_set_concat", r'concat(toset(["a"]), ["b"])'),
    Case(
        "err_for_each_set_numbers",
        None,
        'resource "terraform_data" "err_for_each_set_numbers" {\n  for_each = toset([2, 10])\n'
        "  input    = each.value\n}",
    ),
]


def _main_cases() -> list[Case]:
    cases: list[Case] = [Case("shared", None, SHARED)]
    cases += _expressions("fn", STRING_FUNCTIONS)
    cases += _expressions("fn", COLLECTION_FUNCTIONS)
    cases += _expressions("fn", NUMBER_FUNCTIONS)
    cases += _expressions("fn", ENCODING_FUNCTIONS)
    cases += _expressions("fn", NETWORK_FUNCTIONS)
    cases += SENSITIVE_CASES + FILE_CASES
    cases += _expressions("tpl", TEMPLATES)
    cases += _expressions("for", FOR_EXPRESSIONS)
    cases += _expressions("set", SET_EXPRESSIONS)
    cases += _expressions("splat", SPLATS)
    cases += _expressions("cond", CONDITIONALS)
    cases += _expressions("op", OPERATORS)
    cases += _expressions("null", NULL_TRY_CAN)
    cases += _typed_cases() + CONVERSION_CASES
    cases += [Case("res_decls", None, RESOURCE_DECLS), *RESOURCE_CASES]
    return cases


def batches() -> list[Batch]:
    """Every directory Terraform plans: the main batch, precedence per environment, the module."""
    return [
        Batch("main", tuple(_main_cases()), dict(FILES_OF_MAIN)),
        Batch("env_none", tuple(_precedence_cases("none")), dict(PRECEDENCE_FILES)),
        Batch(
            "env_dev",
            tuple(_precedence_cases("dev")),
            dict(PRECEDENCE_FILES),
            ("env/dev.tfvars", "env/dev-override.tfvars"),
        ),
        Batch("env_prod", tuple(_precedence_cases("prod")), dict(PRECEDENCE_FILES), ("env/prod.tfvars",)),
        Batch("module", tuple(MODULE_CASES), dict(MODULE_FILES)),
    ]


def error_batches() -> list[Batch]:
    """One directory per configuration Terraform refuses (with the shared values, so references work)."""
    return [Batch(case.name, (Case("shared", None, SHARED), case)) for case in ERROR_CASES]
