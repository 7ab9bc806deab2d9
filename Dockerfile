# tcpgate: build with Maven, run on a small JRE as a non-root user.
#   docker build -t tcpgate .
#   docker run --rm -p 7000:7000 -p 8474:8474 -e TCPGATE_ADMIN_HOST=0.0.0.0 tcpgate
# It runs conf/docker.yaml (an echo route on 0.0.0.0:7000); mount another file and name it with
# TCPGATE_CONFIG, or give run -c FILE, for routes of your own (listening on 0.0.0.0).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY gateway gateway
COPY plugins plugins
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/tcpgate tcpgate
WORKDIR /opt/tcpgate
COPY --from=build /src/gateway/dist/target/tcpgate.jar lib/tcpgate.jar
COPY --from=build /src/gateway/dist/target/lib/ lib/
COPY conf/ /etc/tcpgate/
# Class-data archive (as `./tcpgate cds`): a self-test on loopback records the classes it loads; the
# gateway maps them at start instead of loading them (first relayed byte ~1.2 s instead of ~1.7 s).
# Same JVM flags and class path as the ENTRYPOINT, or the JVM ignores the archive.
RUN ["java", "-XX:+UseParallelGC", "-Xmn32m", "-XX:MaxRAMPercentage=50", "-Xss512k", \
  "--add-modules=java.se", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED", \
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.management/sun.management=ALL-UNNAMED", \
  "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED", \
  "-Dio.netty.tryReflectionSetAccessible=true", \
  "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:ArchiveClassesAtExit=/opt/tcpgate/tcpgate.jsa", \
  "-cp", "/opt/tcpgate/lib/*", "io.tcpgate.dist.Main", "selftest", "--bytes", "1048576"]
USER tcpgate
ENV TCPGATE_CONFIG=/etc/tcpgate/docker.yaml
EXPOSE 7000 8474
# The admin API answers {"status" : "UP"} on /health/ready once every route listens (and the node is in its cluster); bash's /dev/tcp needs no extra package.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${TCPGATE_ADMIN_PORT:-8474} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
# JVM flags as in ./tcpgate (Hazelcast wants the --add-* ones on JDK 17).
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-Xmn32m", "-XX:MaxRAMPercentage=50", "-Xss512k", \
  "--add-modules=java.se", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED", \
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.management/sun.management=ALL-UNNAMED", \
  "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED", \
  "-Dio.netty.tryReflectionSetAccessible=true", \
  "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:SharedArchiveFile=/opt/tcpgate/tcpgate.jsa", \
  "-cp", "/opt/tcpgate/lib/*", "io.tcpgate.dist.Main"]
CMD ["run"]
