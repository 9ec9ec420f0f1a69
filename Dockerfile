# syntax=docker/dockerfile:1
# scale-poc container image: a layered Spring Boot jar on a JRE, running as a non-root user.
#   docker build -t scale-poc:0.1.0 .
# Layers change from least to most often (dependencies, loader, snapshot dependencies, the
# application), so a code change rebuilds and pushes only the last, small layer.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY db/ db/
COPY library/ library/
COPY app/pom.xml app/
COPY app/src/main/ app/src/main/
# the library (library/) and the application built on it (app/): the runnable jar is app/target/scale-poc.jar
RUN ./mvnw -B -Dmaven.test.skip=true -Dspotless.check.skip=true package \
 && java -Djarmode=tools -jar app/target/scale-poc.jar extract --layers --launcher --destination target/extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 scalepoc \
 && useradd --system --uid 10001 --gid scalepoc --home-dir /app --shell /usr/sbin/nologin scalepoc
WORKDIR /app
COPY --from=build /src/target/extracted/dependencies/ ./
COPY --from=build /src/target/extracted/spring-boot-loader/ ./
COPY --from=build /src/target/extracted/snapshot-dependencies/ ./
COPY --from=build /src/target/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# Sized for containers: heap as a share of the cgroup memory limit, and a clean exit on OOM so that
# Kubernetes restarts the pod (its leases expire and peers adopt its jobs).
# No profile chosen means no demo here (the jar's own default is the demo, for laptops): the image
# runs only the catalog it is given, with no operator password until one is set. Choose the demo
# with SPRING_PROFILES_ACTIVE=demo (k8s/overlays/local does).
ENV SPRING_PROFILES_DEFAULT=default
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
# exec form: the JVM is PID 1 and gets SIGTERM directly, which starts the graceful hand-over.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
