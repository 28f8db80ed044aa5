"""Validates every Kubernetes resource in the YAML streams given (files, or - for stdin) against its
schema, strictly (an unknown field is an error, as with `kubectl apply --validate=strict`):

- Kubernetes types against the JSON schemas of kubernetes-validate, for each --kubernetes-version;
- custom resources against the openAPIV3Schema of their CustomResourceDefinition, read from the
  YAML files of --crds (the Dapr CRDs of the pinned release, in the Go module cache).

A resource of a kind with no schema is an error too. Prints one line per resource; exits 1 on any error.
"""

import argparse
import copy
import glob
import os
import sys

import jsonschema
import kubernetes_validate
import yaml


def strict(schema):
    """An OpenAPI v3 schema of a CRD as JSON Schema that, like the API server's strict field
    validation, rejects fields it does not declare (unless it preserves unknown fields)."""
    schema = copy.deepcopy(schema)

    def visit(node):
        if not isinstance(node, dict):
            return
        if node.pop("x-kubernetes-int-or-string", False):
            node.pop("type", None)
            node["anyOf"] = [{"type": "integer"}, {"type": "string"}]
        node.pop("nullable", None)
        preserve = node.pop("x-kubernetes-preserve-unknown-fields", False)
        if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node and not preserve:
            node["additionalProperties"] = False
        for key in ("properties", "patternProperties"):
            for child in node.get(key, {}).values():
                visit(child)
        for key in ("items", "additionalProperties", "not"):
            visit(node.get(key))
        for key in ("allOf", "anyOf", "oneOf"):
            for child in node.get(key, []):
                visit(child)

    visit(schema)
    return schema


def crd_schemas(directory):
    schemas = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path) as file:
            for crd in yaml.safe_load_all(file):
                if not crd or crd.get("kind") != "CustomResourceDefinition":
                    continue
                spec = crd["spec"]
                for version in spec["versions"]:
                    key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                    schemas[key] = strict(version["schema"]["openAPIV3Schema"])
    return schemas


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--kubernetes-version", action="append", required=True)
    parser.add_argument("--crds", required=True, help="directory of CustomResourceDefinition YAML files")
    args = parser.parse_args()
    crds = crd_schemas(args.crds)
    if not crds:
        sys.exit(f"no CustomResourceDefinitions in {args.crds}")
    errors = 0
    for name in args.files:
        stream = sys.stdin if name == "-" else open(name)
        for resource in yaml.safe_load_all(stream):
            if not resource:
                continue
            what = f"{resource.get('apiVersion')} {resource.get('kind')}/{resource.get('metadata', {}).get('name')}"
            key = (resource.get("apiVersion"), resource.get("kind"))
            problems = []
            if key in crds:
                against = "CRD " + key[0]
                for error in jsonschema.Draft7Validator(crds[key]).iter_errors(resource):
                    problems.append(f"{'.'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
            else:
                against = "Kubernetes " + ", ".join(args.kubernetes_version)
                for version in args.kubernetes_version:
                    try:
                        kubernetes_validate.validate(resource, version, strict=True)
                    except kubernetes_validate.ValidationError as error:
                        path = ".".join(map(str, error.path)) or "(root)"
                        problems.append(f"Kubernetes {version}: {path}: {error.message}")
                    except kubernetes_validate.SchemaNotFoundError as error:
                        problems.append(f"no schema: {error.message}")
            if problems:
                errors += 1
                for problem in problems:
                    print(f"ERROR {what}: {problem}")
            else:
                print(f"ok {what} ({against})")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
