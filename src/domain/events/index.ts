export * from "./schema";
export { eventPublisher, eventStats, resetEventPublisher, publishRunEvent, publishAlertEvent, publishBudgetEvent } from "./bus";
export { kafkaSettingsFromEnv, producerConfig, type KafkaSettings } from "./kafka-client";
export { KafkaEventPublisher, type PublisherStats } from "./publisher";
export { brokerHealth } from "./broker-health";
