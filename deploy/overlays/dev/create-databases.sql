-- Run once by the postgres image's entrypoint, on an empty data directory: one database per OpenProxy process.
-- Each process creates its own tables with Flyway at start-up.
CREATE DATABASE session_service;
CREATE DATABASE participant_service;
CREATE DATABASE number_pool_service;
CREATE DATABASE routing_service;
CREATE DATABASE api_gateway;
