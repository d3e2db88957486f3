CREATE TABLE playlist (id bigint PRIMARY KEY, name varchar(256));
