// Command tiltfile-check runs a Tiltfile without Tilt or a cluster: the Starlark dialect Tilt uses
// (go.starlark.net) with Tilt's functions replaced by stand-ins that check their parameter names,
// as Tilt does, and record each call. It prints the recorded calls as JSON, for a test to check
// that what the Tiltfile would build and apply exists.
//
//	tiltfile-check [--arg name=value]... [--env name=value]... [--k8s-context name] Tiltfile
//
// --arg sets a flag of config.parse() (e.g. --arg local=true, as `tilt up -- --local`); --env sets a
// variable os.getenv() sees (it sees no other, so that a run does not depend on the caller's
// environment); --k8s-context is what k8s_context() returns. A call to a Tilt function that has no
// stand-in here fails the run, naming the function; fail() fails it with its message.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"
	"gopkg.in/yaml.v3"
)

// Call is one recorded call of a Tilt function: its name and its arguments by parameter name.
type Call struct {
	Function string         `json:"function"`
	Args     map[string]any `json:"args"`
}

type recorder struct {
	calls      []Call
	args       map[string]string
	env        map[string]string
	k8sContext string
	dir        string
}

// tiltFunctions are the stand-ins, with the parameters of Tilt's own functions (tilt.dev/api).
var tiltFunctions = map[string][]string{
	"docker_build": {"ref", "context", "build_args?", "dockerfile?", "dockerfile_contents?", "live_update?",
		"match_in_env_vars?", "ignore?", "only?", "entrypoint?", "target?", "ssh?", "network?", "secret?",
		"extra_tag?", "container_args?", "cache_from?", "pull?", "platform?", "extra_hosts?"},
	"custom_build": {"ref", "command", "deps", "tag?", "disable_push?", "skips_local_docker?", "live_update?",
		"match_in_env_vars?", "ignore?", "entrypoint?", "container_args?", "command_bat_val?",
		"outputs_image_ref_to?", "command_bat?", "image_deps?", "env?", "dir?"},
	"default_registry":   {"host", "host_from_cluster?", "single_name?"},
	"allow_k8s_contexts": {"contexts"},
	"k8s_yaml":           {"yaml", "allow_duplicates?"},
	"kustomize":          {"pathToDir", "kustomize_bin?", "flags?"},
	"k8s_resource": {"workload?", "new_name?", "port_forwards?", "extra_pod_selectors?", "trigger_mode?",
		"resource_deps?", "objects?", "auto_init?", "pod_readiness?", "links?", "labels?", "discovery_strategy?"},
	"local_resource": {"name", "cmd?", "deps?", "trigger_mode?", "resource_deps?", "ignore?", "auto_init?",
		"serve_cmd?", "cmd_bat?", "serve_cmd_bat?", "allow_parallel?", "links?", "tags?", "env?", "serve_env?",
		"readiness_probe?", "dir?", "serve_dir?", "labels?"},
	"port_forward":    {"local_port", "container_port?", "name?", "link_path?", "host?"},
	"link":            {"url", "name?"},
	"probe":           {"initial_delay_secs?", "timeout_secs?", "period_secs?", "success_threshold?", "failure_threshold?", "exec?", "http_get?", "tcp_socket?"},
	"http_get_action": {"port", "host?", "scheme?", "path?"},
}

func (r *recorder) stub(name string, params []string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		values := make([]starlark.Value, len(params))
		pairs := make([]any, 0, 2*len(params))
		for i, param := range params {
			pairs = append(pairs, param, &values[i])
		}
		if err := starlark.UnpackArgs(name, args, kwargs, pairs...); err != nil {
			return nil, err
		}
		recorded := map[string]any{}
		for i, param := range params {
			if values[i] != nil {
				recorded[strings.TrimSuffix(param, "?")] = toGo(values[i])
			}
		}
		r.calls = append(r.calls, Call{Function: name, Args: recorded})
		// Values that Tilt functions return are passed on to others: keep the record itself.
		return starlarkstruct.FromStringDict(starlark.String(name), starlark.StringDict{
			"function": starlark.String(name), "args": fromGo(recorded)}), nil
	})
}

func toGo(value starlark.Value) any {
	switch v := value.(type) {
	case starlark.NoneType:
		return nil
	case starlark.String:
		return string(v)
	case starlark.Bool:
		return bool(v)
	case starlark.Int:
		i, _ := v.Int64()
		return i
	case starlark.Float:
		return float64(v)
	case *starlark.List:
		items := make([]any, v.Len())
		for i := range items {
			items[i] = toGo(v.Index(i))
		}
		return items
	case starlark.Tuple:
		items := make([]any, len(v))
		for i := range v {
			items[i] = toGo(v[i])
		}
		return items
	case *starlark.Dict:
		out := map[string]any{}
		for _, item := range v.Items() {
			out[fmt.Sprint(toGo(item[0]))] = toGo(item[1])
		}
		return out
	case *starlarkstruct.Struct:
		out := map[string]any{}
		for _, name := range v.AttrNames() {
			attr, _ := v.Attr(name)
			out[name] = toGo(attr)
		}
		return out
	default:
		return value.String()
	}
}

func fromGo(value any) starlark.Value {
	switch v := value.(type) {
	case nil:
		return starlark.None
	case string:
		return starlark.String(v)
	case bool:
		return starlark.Bool(v)
	case int:
		return starlark.MakeInt(v)
	case int64:
		return starlark.MakeInt64(v)
	case float64:
		return starlark.Float(v)
	case []any:
		items := make([]starlark.Value, len(v))
		for i, item := range v {
			items[i] = fromGo(item)
		}
		return starlark.NewList(items)
	case map[string]any:
		dict := starlark.NewDict(len(v))
		for key, item := range v {
			_ = dict.SetKey(starlark.String(key), fromGo(item))
		}
		return dict
	default:
		return starlark.String(fmt.Sprint(v))
	}
}

func (r *recorder) path(value string) string {
	if filepath.IsAbs(value) {
		return value
	}
	return filepath.Join(r.dir, value)
}

// readYAML is Tilt's read_yaml: the document of a file, relative to the Tiltfile.
func (r *recorder) readYAML(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path string
	var fallback starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "path", &path, "default?", &fallback); err != nil {
		return nil, err
	}
	text, err := os.ReadFile(r.path(path))
	if err != nil {
		if fallback != starlark.None {
			return fallback, nil
		}
		return nil, err
	}
	var doc any
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, fmt.Errorf("read_yaml(%s): %w", path, err)
	}
	return fromGo(doc), nil
}

// getenv is Tilt's os.getenv, on the variables of --env.
func (r *recorder) getenv(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key string
	var fallback starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "key", &key, "default?", &fallback); err != nil {
		return nil, err
	}
	if value, ok := r.env[key]; ok {
		return starlark.String(value), nil
	}
	return fallback, nil
}

func (r *recorder) globals() starlark.StringDict {
	globals := starlark.StringDict{}
	for name, params := range tiltFunctions {
		globals[name] = r.stub(name, params)
	}
	globals["read_yaml"] = starlark.NewBuiltin("read_yaml", r.readYAML)
	globals["os"] = starlarkstruct.FromStringDict(starlark.String("os"), starlark.StringDict{
		"getenv": starlark.NewBuiltin("os.getenv", r.getenv),
	})
	globals["k8s_context"] = starlark.NewBuiltin("k8s_context", func(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(fn.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return starlark.String(r.k8sContext), nil
	})
	globals["fail"] = starlark.NewBuiltin("fail", func(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var message string
		if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "msg", &message); err != nil {
			return nil, err
		}
		return nil, errors.New(message)
	})
	globals["config"] = starlarkstruct.FromStringDict(starlark.String("config"), starlark.StringDict{
		"define_bool": r.stub("config.define_bool", []string{"name", "args?", "usage?"}),
		"parse": starlark.NewBuiltin("config.parse", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			parsed := starlark.NewDict(len(r.args))
			for key, value := range r.args {
				var v starlark.Value = starlark.String(value)
				if value == "true" || value == "false" {
					v = starlark.Bool(value == "true")
				}
				_ = parsed.SetKey(starlark.String(key), v)
			}
			return parsed, nil
		}),
	})
	return globals
}

func main() {
	var args, env multiFlag
	flag.Var(&args, "arg", "a config.parse() flag as name=value (repeatable)")
	flag.Var(&env, "env", "a variable of os.getenv() as name=value (repeatable)")
	k8sContext := flag.String("k8s-context", "", "what k8s_context() returns")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: tiltfile-check [--arg name=value]... [--env name=value]... [--k8s-context name] Tiltfile")
		os.Exit(2)
	}
	tiltfile, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	r := &recorder{args: pairs("--arg", args), env: pairs("--env", env), k8sContext: *k8sContext, dir: filepath.Dir(tiltfile)}
	thread := &starlark.Thread{Name: "Tiltfile"}
	// Tilt's dialect: top-level if/for and sets are allowed, as are while loops and recursion.
	options := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	if _, err := starlark.ExecFileOptions(options, thread, tiltfile, nil, r.globals()); err != nil {
		if evalErr, ok := err.(*starlark.EvalError); ok {
			fail(fmt.Errorf("%s", evalErr.Backtrace()))
		}
		fail(err)
	}
	out, _ := json.MarshalIndent(r.calls, "", "  ")
	fmt.Println(string(out))
}

// pairs reads the name=value values of a repeated flag.
func pairs(flagName string, values []string) map[string]string {
	read := map[string]string{}
	for _, pair := range values {
		name, value, ok := strings.Cut(pair, "=")
		if !ok {
			fail(fmt.Errorf("%s %q: expected name=value", flagName, pair))
		}
		read[name] = value
	}
	return read
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func fail(err error) {
	fmt.Fprintf(os.Stderr, "tiltfile-check: %v\n", err)
	os.Exit(1)
}
