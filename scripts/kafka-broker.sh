#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, no ZooKeeper) on loopback, for the event-stream tests.
#   kafka-broker.sh fetch                 download Kafka's jars from Maven Central once (into the cache dir)
#   kafka-broker.sh start DIR PORT CPORT  format DIR and start a broker on 127.0.0.1:PORT (controller CPORT); waits until it listens
#   kafka-broker.sh stop DIR              stop the broker started in DIR
# The cache dir is $ABI_KAFKA_HOME (default ~/.cache/abi-kafka/$KAFKA_VERSION). Needs Java 17+ and Maven.
set -euo pipefail
KAFKA_VERSION=${KAFKA_VERSION:-4.1.2}
home=${ABI_KAFKA_HOME:-$HOME/.cache/abi-kafka/$KAFKA_VERSION}

fetch() {
  [ -f "$home/libs/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  command -v java >/dev/null || { echo "kafka-broker: java (17+) is not installed" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "kafka-broker: maven (mvn) is not installed" >&2; exit 1; }
  mkdir -p "$home"
  cat >"$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.abi</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
  echo "kafka-broker: fetching Apache Kafka $KAFKA_VERSION into $home/libs"
  mvn -q -B -f "$home/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$home/libs.partial" >&2
  rm -rf "$home/libs" && mv "$home/libs.partial" "$home/libs"
}

start() {
  local dir=$1 port=$2 cport=$3
  fetch
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  local cp="$home/libs/*" java=(java -Xms128m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
  if [ ! -f "$dir/logs/meta.properties" ]; then
    "${java[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$("${java[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid)" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
      || { cat "$dir/format.log" >&2; exit 1; }
  fi
  nohup "${java[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
  echo $! >"$dir/broker.pid"
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "kafka-broker: listening on 127.0.0.1:$port"; return 0; fi
    kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null || { tail -30 "$dir/broker.log" >&2; echo "kafka-broker: the broker exited" >&2; exit 1; }
    sleep 0.5
  done
  tail -30 "$dir/broker.log" >&2; echo "kafka-broker: no listener on $port after 60 s" >&2; stop "$dir"; exit 1
}

stop() {
  local dir=$1 pid
  [ -f "$dir/broker.pid" ] || return 0
  pid=$(cat "$dir/broker.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/broker.pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start "${2:?DIR}" "${3:?PORT}" "${4:?CONTROLLER_PORT}" ;;
  stop) stop "${2:?DIR}" ;;
  *) echo "usage: $0 fetch | start DIR PORT CONTROLLER_PORT | stop DIR" >&2; exit 2 ;;
esac
