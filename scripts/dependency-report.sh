#!/usr/bin/env bash
# Regenerates docs/dependencies.md: for each published module, every runtime dependency (compile and runtime scope,
# transitive) with version, licence, size and the direct dependency that brings it in, and checks the library modules
# against the dependency policy. What a user receives is resolved the way a user's build resolves it: from a throwaway
# project that depends on the installed module (so the module's test and optional dependencies, and its own
# dependencyManagement, play no part). Run `mvn install -DskipTests -Dquick` first.
#   scripts/dependency-report.sh            # writes docs/dependencies.md; exit 1 if a library module breaks the policy
#   scripts/dependency-report.sh --check    # only checks the policy
#   BASELINE=<git revision> scripts/dependency-report.sh   # adds a footprint table: that revision's report vs now
# The report ends with a dependency-update check (versions-maven-plugin): newer releases of the versions the build
# pins, so that a patch with a security fix (say, of Spring Boot) is seen when the report is regenerated.
set -euo pipefail
export LC_ALL=C  # the same row order on every machine
cd "$(dirname "$0")/.."
root="$(pwd)"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
out="docs/dependencies.md"
check_only=false
[[ "${1:-}" == "--check" ]] && check_only=true
baseline="${BASELINE:-}"

library=(rolesanywhere-core rolesanywhere-pkcs11 rolesanywhere-sdk-provider rolesanywhere-emulator)
modules=("${library[@]}" rolesanywhere-emulator-junit5 rolesanywhere-spring-boot-starter rolesanywhere-spring-boot3-starter
  rolesanywhere-cli)
# What a library module may hand its users: the SDK's small modules (and reactive-streams, which the SDK's utils
# need), jnr-ffi (with its jffi and ASM), Bouncy Castle, the SLF4J API.
policy='^(software\.amazon\.awssdk:|org\.reactivestreams:reactive-streams:|com\.github\.jnr:|org\.ow2\.asm:'
policy+='|org\.bouncycastle:|org\.slf4j:slf4j-api:)'
version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)"
mvn_args=(-B -ntp -q -Dquick)
[[ -n "${MAVEN_OFFLINE:-}" ]] && mvn_args+=(-o)

work="$root/target/dependency-report"
rm -rf "$work"
mkdir -p "$work"
licence_args=(-Dlicense.includedScopes=compile,runtime "-Dlicense.excludedGroups=^dev\.rolesanywhere$"
  "-Dlicense.fileTemplate=$root/scripts/dependency-report/third-party.ftl" -Dlicense.thirdPartyFilename=licences.tsv)

# The consumers: one throwaway project per module, under one aggregator.
{
  echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
  echo '<groupId>dev.rolesanywhere.report</groupId><artifactId>consumers</artifactId><version>0</version>'
  echo '<packaging>pom</packaging><modules>'
  for module in "${modules[@]}"; do echo "<module>$module</module>"; done
  echo '</modules></project>'
} > "$work/pom.xml"
for module in "${modules[@]}"; do
  mkdir -p "$work/$module"
  cat > "$work/$module/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>dev.rolesanywhere.report</groupId><artifactId>$module-user</artifactId><version>0</version>
<dependencies><dependency><groupId>dev.rolesanywhere</groupId><artifactId>$module</artifactId>
<version>$version</version></dependency></dependencies></project>
POM
done

# A user's view (tree and licences), then each module's own runtime classpath (to name its optional dependencies).
mvn "${mvn_args[@]}" -f "$work/pom.xml" dependency:tree -DoutputFile=tree.txt \
  "org.codehaus.mojo:license-maven-plugin:2.5.0:add-third-party" -Dlicense.outputDirectory=. "${licence_args[@]}"
modules_csv="$(IFS=,; echo "${modules[*]}")"
mvn "${mvn_args[@]}" -pl "$modules_csv" \
  dependency:list -DincludeScope=runtime -DoutputFile=target/dependency-report/own.txt \
  -DoutputAbsoluteArtifactFilename=false license:add-third-party -Dlicense.outputDirectory=target/dependency-report \
  "${licence_args[@]}"

# One row per dependency: name, version, scope, required/optional, brought in by, licence, jar size in KiB.
rows() {
  local module="$1"
  cat "$work/$module/licences.tsv" "$module/target/dependency-report/licences.tsv" > "$work/$module/all-licences.tsv"
  awk -F'\t' -v repo="$repo" -v tree="$work/$module/tree.txt" -v own="$module/target/dependency-report/own.txt" '
    function size(group, artifact, classifier, version,   group_path, path, cmd, bytes, kib) {
      group_path = group
      gsub(/\./, "/", group_path)
      path = repo "/" group_path "/" artifact "/" version "/" artifact "-" version \
          (classifier == "" ? "" : "-" classifier) ".jar"
      kib = "?"
      cmd = "stat -c %s \"" path "\" 2>/dev/null"
      if ((cmd | getline bytes) > 0) kib = sprintf("%d", (bytes + 1023) / 1024)
      close(cmd)
      return kib
    }
    function parse(entry,   n) {
      n = split(entry, c, ":")
      g = c[1]; a = c[2]; cl = ""
      if (n >= 6) { cl = c[4]; v = c[5]; s = c[6] } else { v = c[4]; s = c[5] }
      name = g ":" a (cl == "" ? "" : ":" cl)
    }
    function emit(kind, via,   lic) {
      lic = licence[g ":" a ":" v]
      if (lic == "") lic = "(none declared)"
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, v, s, kind, via, lic, size(g, a, cl, v)
    }
    { licence[$1 ":" $2 ":" $3] = $4 }
    END {
      # The user tree: depth 1 is the module, depth 2 its direct dependencies.
      while ((getline line < tree) > 0) {
        start = match(line, /[a-zA-Z0-9]/)
        depth = (start - 1) / 3
        if (depth < 2) continue
        entry = substr(line, start)
        sub(/ .*$/, "", entry)
        parse(entry)
        if (depth == 2) via = g ":" a
        seen[name] = 1
        if (g != "dev.rolesanywhere") emit("required", depth == 2 ? "(direct)" : via)
      }
      while ((getline line < own) > 0) {
        if (line !~ /^   [a-zA-Z0-9]/) continue
        entry = line
        sub(/^ +/, "", entry)
        sub(/ .*$/, "", entry)
        parse(entry)
        if (g == "dev.rolesanywhere" || (name in seen)) continue
        emit("optional", "(this module only)")
      }
    }' "$work/$module/all-licences.tsv"
}

violations=0
report="$work/dependencies.md"
{
  echo "# Runtime dependencies of the published modules"
  echo
  echo "Generated by \`scripts/dependency-report.sh\`; do not edit by hand."
  echo
  echo "\"Required\" is what a user's build receives with the module, resolved from a throwaway project that depends"
  echo "on the installed module: no test scope, no optional dependencies, none of this repository's"
  echo "dependencyManagement. \"Optional\" is on the module's own runtime classpath only (declared \`<optional>\`, or"
  echo "brought in by such a dependency); a user gets it only by declaring it."
  echo "Licences are as each dependency's POM declares them (license-maven-plugin \`add-third-party\`)."
  echo
  echo "Policy: a library module (core, pkcs11, sdk-provider, emulator) may require only the AWS SDK's small modules,"
  echo "jnr-ffi (with jffi and ASM), Bouncy Castle and the SLF4J API. The script fails when one requires anything else."
  echo
  echo "| Module | Required | Required size (KiB) | Optional | Outside the policy |"
  echo "|---|---:|---:|---:|---|"
  for module in "${modules[@]}"; do
    rows "$module" > "$work/$module/rows.tsv"
    required=$(awk -F'\t' '$4 == "required"' "$work/$module/rows.tsv" | wc -l)
    optional=$(awk -F'\t' '$4 == "optional"' "$work/$module/rows.tsv" | wc -l)
    kib=$(awk -F'\t' '$4 == "required" { s += $7 } END { print s + 0 }' "$work/$module/rows.tsv")
    outside="n/a (not a library module)"
    if [[ " ${library[*]} " == *" $module "* ]]; then
      outside=$(awk -F'\t' -v policy="$policy" '$4 == "required" && ($1 ":") !~ policy { print $1 }' \
        "$work/$module/rows.tsv" | paste -sd, -)
      if [[ -n "$outside" ]]; then
        violations=$((violations + 1))
        echo "$module requires dependencies outside the policy: $outside" >&2
      else
        outside="none"
      fi
    fi
    echo "| $module | $required | $kib | $optional | $outside |"
  done
  for module in "${modules[@]}"; do
    echo
    echo "## $module"
    echo
    echo "| Dependency | Version | Scope | A user gets it | Brought in by | Licence (as declared) | Size (KiB) |"
    echo "|---|---|---|---|---|---|---:|"
    sort -t$'\t' -k4,4r -k1,1 "$work/$module/rows.tsv" \
      | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
  done
  if [[ -n "$baseline" ]]; then
    echo
    echo "## Footprint before and after"
    echo
    echo "What a user's build receives with each module, at $baseline (before) and now (after)."
    echo
    echo "| Module | Required before | Required after | Size before (KiB) | Size after (KiB) | Change (KiB) |"
    echo "|---|---:|---:|---:|---:|---:|"
    git show "$baseline:$out" | awk -F'|' '/^\| rolesanywhere-[^|]* \| [0-9]+ \|/ { gsub(/ /, ""); print $2 "\t" $3 "\t" $4 }' \
      > "$work/before.tsv"
    for module in "${modules[@]}"; do
      required=$(awk -F'\t' '$4 == "required"' "$work/$module/rows.tsv" | wc -l)
      kib=$(awk -F'\t' '$4 == "required" { s += $7 } END { print s + 0 }' "$work/$module/rows.tsv")
      awk -F'\t' -v m="$module" -v r="$required" -v k="$kib" '
        $1 == m { found = 1; printf "| %s | %s | %s | %s | %s | %+d |\n", m, $2, r, $3, k, k - $3 }
        END { if (!found) printf "| %s | (new) | %s | (new) | %s | |\n", m, r, k }' "$work/before.tsv"
    done
  fi
  echo
  echo "## Dependency-update check"
  echo
  echo "Newer releases of the versions the build pins (versions-maven-plugin \`display-property-updates\`, release"
  echo "versions only), as of this report. Patch releases of Spring Boot, the AWS SDK and Bouncy Castle are taken"
  echo "promptly: they carry the security fixes."
  echo
  echo '```'
  if mvn "${mvn_args[@]}" -N org.codehaus.mojo:versions-maven-plugin:2.18.0:display-property-updates \
      -Dversions.outputFile="$work/updates.txt" -DoutputEncoding=UTF-8 \
      "-Dmaven.version.ignore=.*-(M|RC|alpha|beta|rc|ea|SNAPSHOT).*,.*[.-](M|RC|Alpha|Beta)[0-9]*" >/dev/null 2>&1 \
      && [[ -s "$work/updates.txt" ]]; then
    grep -E '\$\{|->|up to date|No' "$work/updates.txt" | sed 's/^\[INFO\] *//' | sed 's/ \.\.\.*/ /' || true
    # Each Spring Boot line's BOM is imported by its starter only: newer releases within the line.
    if mvn "${mvn_args[@]}" -pl rolesanywhere-spring-boot-starter,rolesanywhere-spring-boot3-starter \
        org.codehaus.mojo:versions-maven-plugin:2.18.0:display-property-updates -DallowMajorUpdates=false \
        -DincludeProperties=starter.boot.version -Dversions.outputFile=updates-spring.txt -DoutputEncoding=UTF-8 \
        "-Dmaven.version.ignore=.*-(M|RC|alpha|beta|rc|ea|SNAPSHOT).*,.*[.-](M|RC|Alpha|Beta)[0-9]*" >/dev/null 2>&1; then
      for module in rolesanywhere-spring-boot-starter rolesanywhere-spring-boot3-starter; do
        grep -E '\$\{' "$module/updates-spring.txt" 2>/dev/null | sed 's/^\[INFO\] *//' \
          | sed "s/\\\${starter.boot.version}/Spring Boot of $module/" | sed 's/ \.\.\.*/ /' || true
        rm -f "$module/updates-spring.txt"
      done
    fi
  else
    echo "(the check could not run: it needs Maven Central)"
  fi
  echo '```'
  echo
  echo "## Licences"
  echo
  echo "| Licence (as declared) | Distinct dependencies, all modules |"
  echo "|---|---:|"
  cat "$work"/*/rows.tsv | cut -f1,2,6 | sort -u \
    | awk -F'\t' '{ n[$3]++ } END { for (l in n) printf "| %s | %d |\n", l, n[l] }' \
    | sort
} > "$report"

if ! $check_only; then
  cp "$report" "$out"
  echo "wrote $out"
fi
((violations == 0))
