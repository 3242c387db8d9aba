-- One database per service that owns data (the image's POSTGRES_DB creates the first, identity). Runs once, when
-- the data volume is initialised.
CREATE DATABASE catalog;
CREATE DATABASE inventory;
CREATE DATABASE notifications;
CREATE DATABASE payments;
CREATE DATABASE orders;
