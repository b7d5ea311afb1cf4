# Shared by e2e/run and e2e/plugin-tests (sourced, not run). Finds the jenkins-from-source tool, checks what it
# needs, builds Jenkins from source (cached), and installs the engine and simulator jars the plugin needs.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool=${E2E_JFS:-$root/../shared/tools/jenkins-from-source}
jfs_cache=${JFS_CACHE:-$HOME/.cache/jenkins-from-source}
jdk25=${JFS_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
version=0.1.0-SNAPSHOT
engine_jar=$root/engine/target/sdelements-jobs-engine-$version.jar
simulator_jar=$root/simulator/target/sdelements-jobs-simulator-$version.jar
maven_repo=${JFS_MAVEN_REPO:-$jfs_cache/maven-repo}
plugin_hpi=$root/plugin/target/sdelements-jobs.hpi

say() { echo "$(basename "$0"): $*" >&2; }
die() { say "$*"; exit 1; }

# Exit 3 (not 1) when this machine cannot run Jenkins at all, so .ci/run can tell "skipped" from "failed".
require_tool() {
  [ -x "$tool/build" ] || { say "no jenkins-from-source tool at $tool"; exit 3; }
  [ -x "$jdk25/bin/java" ] || { say "the tool needs a JDK 25 at $jdk25 (or \$JFS_JDK), and this machine has none"; exit 3; }
}

build_jenkins() {
  local t0=$SECONDS
  "$tool/build" >&2 || die "$tool/build failed"
  say "Jenkins from source is ready ($((SECONDS - t0)) s)"
}

install_engine() {
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl engine,simulator -am install -DskipTests) >&2 || die "building the engine failed"
}

# The plugin's own pom, built as ci.jenkins.io builds it (plugin-pom, the BOM, maven-hpi-plugin, InjectedTest, the
# JenkinsRule tests, spotbugs), through the tool's Maven 3.9 wrapper and its local repository of Jenkins built from
# source, with the pins of the profile jenkins-from-source. The engine and simulator come from install_engine.
plugin_build() {
  "$tool/maven-repo" --out "$maven_repo" >&2 || die "laying the tool's Maven repository failed"
  (cd "$root" && "$maven_repo/mvn" -B -Dstyle.color=never -Pjenkins -Djenkins-from-source -pl plugin "$@")
}

# The version of a plugin built by the tool, for --depends.
plugin_version() {
  unzip -p "$jfs_cache/plugins/$1.jpi" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Plugin-Version: //p'
}

depends() {
  local out="" p
  for p in workflow-step-api structs credentials plain-credentials jackson2-api; do
    out+="${out:+,}$p:$(plugin_version $p)"
  done
  echo "$out"
}

# The plugin's .hpi as its own build makes it (plugin_build, without tests); E2E_HPI set beforehand (e.g. by .ci/run,
# after e2e/plugin-tests built it) is used as it is.
package_plugin() {
  if [ -z "${E2E_HPI:-}" ]; then
    require_tool
    plugin_build -q -DskipTests -Dspotbugs.skip package >&2 || die "building the plugin failed"
    export E2E_HPI=$plugin_hpi
  fi
}

# The previous release, for the upgrade scenarios: this repository's plugin and engine as they were at
# $previous_release, packed by the tool's hpi (that release's own pom could not build the plugin). Built once into
# e2e/target (kept by rev); where the history or the tool is missing, E2E_HPI_PREVIOUS stays unset and UpgradeIT
# says it is skipped.
previous_release=6a89438 # the last version whose saved form running builds may have (JobExecution without phases)
package_previous_plugin() {
  [ -n "${E2E_HPI_PREVIOUS:-}" ] && return 0
  local out=$root/e2e/target/sdelements-jobs-$previous_release.hpi
  if [ ! -f "$out" ]; then
    [ -n "${E2E_JFS:-}" ] || { say "no tool: the previous release is not built, UpgradeIT will be skipped"; return 0; }
    git -C "$root" cat-file -e "$previous_release^{commit}" 2>/dev/null \
      || { say "commit $previous_release is not in this clone: UpgradeIT will be skipped"; return 0; }
    local src
    src=$(mktemp -d)
    git -C "$root" archive "$previous_release" | tar -x -C "$src"
    (cd "$src" && mvn -B -q -Dstyle.color=never -pl simulator,engine -am package -Dmaven.test.skip=true) >&2 \
      || { rm -rf "$src"; die "building the engine of $previous_release failed"; }
    mkdir -p "$(dirname "$out")"
    "$tool/hpi" --name sdelements-jobs --version "$version" --src "$src/plugin" --out "$out" \
      --lib "$src/engine/target/sdelements-jobs-engine-$version.jar" --depends "$(depends)" >&2 \
      || { rm -rf "$src"; die "packaging the plugin of $previous_release failed"; }
    rm -rf "$src"
  fi
  export E2E_HPI_PREVIOUS=$out
}

# Jenkins from the tool, unless E2E_JENKINS_WAR names an official war.
prepare_jenkins() {
  if [ -z "${E2E_JENKINS_WAR:-}" ]; then
    require_tool
    build_jenkins
    export E2E_JFS=$tool
  fi
}

# Whatever happens, no Jenkins started by the suite outlives it.
stop_all() {
  local pidfile
  for pidfile in "$root"/e2e/target/e2e/*/jenkins.pid; do
    [ -f "$pidfile" ] && [ -n "${E2E_JFS:-}" ] && "$E2E_JFS/stop" --home "$(dirname "$pidfile")" >/dev/null 2>&1 || true
  done
}
